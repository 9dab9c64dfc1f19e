using System.Diagnostics;
using Lewel.Bench.Measurement;
using Lewel.Engine.Methods;
using Lewel.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Bench.Engine;

/// <summary>Times the engine's training step for one method and configuration, phase by phase, on the CPU: a random
/// batch gathered from a pool of 8-bit images on the device, the method's <see cref="IPretrainMethod.Loss"/> (online and
/// target forward, the target's share measured through forward hooks), backward and the target update. One dispose scope
/// per step. Phases the engine does not have yet (augmentation, optimiser step) are left out of the measurement rather
/// than imitated: the two views are the normalised batch and its mirror image, and the weights do not change.</summary>
public static class EngineStep
{
    private static readonly float[] CifarMean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] CifarStd = [0.2470f, 0.2435f, 0.2616f];

    public static StepMeasurement Measure(string methodId, BenchConfig config, int warmup, int steps, int threads)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var device = torch.CPU;
        var run = BenchRunConfigs.For(methodId, config, threads, warmup + steps);
        using var method = MethodFactory.Create(run, device);
        using var targetTimer = new ForwardTimer(ForwardTimer.Child(method.Root, "target"));
        var poolSize = Math.Max(2 * config.BatchSize, 256);
        using var pool = torch.randint(0, 256, [poolSize, config.ImageSize, config.ImageSize, 3], dtype: ScalarType.Byte, device: device);
        using var mean = torch.tensor(CifarMean, device: device).view(1, 3, 1, 1);
        using var std = torch.tensor(CifarStd, device: device).view(1, 3, 1, 1);
        var clock = new PhaseClock(device);
        var stepSeconds = new List<double>();
        var phaseSeconds = new List<IReadOnlyDictionary<string, double>>();
        var losses = new List<double>();
        for (var i = 0; i < warmup + steps; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                clock.Start();
                targetTimer.Reset();
                var index = torch.randint(0, poolSize, [config.BatchSize], dtype: ScalarType.Int64, device: device);
                var images = pool.index_select(0, index).permute(0, 3, 1, 2).to(ScalarType.Float32).div_(255);
                var view1 = images.sub_(mean).div_(std);
                var view2 = view1.flip(3);
                clock.Mark(Phases.Data);
                var loss = method.Loss(view1, view2);
                losses.Add(loss.Total.item<float>());
                clock.Mark(Phases.OnlineForward);
                clock.Move(Phases.OnlineForward, Phases.TargetForward, targetTimer.Seconds);
                loss.Total.backward();
                method.Root.zero_grad();
                clock.Mark(Phases.Backward);
                method.AfterOptimizerStep(0.99);
                clock.Mark(Phases.Ema);
            }
            if (i >= warmup)
            {
                stepSeconds.Add(watch.Elapsed.TotalSeconds);
                phaseSeconds.Add(new Dictionary<string, double>(clock.Seconds));
            }
        }
        var phases = clock.Seconds.Keys.ToDictionary(p => p, p => Statistics.Median(phaseSeconds.Select(s => s[p])));
        return new StepMeasurement(StepMeasurement.Engine, methodId, config.Name, config.BatchSize, config.ImageSize, config.Width,
            warmup, steps, Statistics.Median(stepSeconds), stepSeconds.Average(), phases, ProcessMemory.PeakRssMb, losses[0], losses[^1]);
    }
}
