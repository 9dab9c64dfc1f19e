using System.Diagnostics;
using Lewel.Bench.Measurement;
using Lewel.Engine.Augment;
using Lewel.Engine.Methods;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Bench.Engine;

/// <summary>Times the engine's training step for one method and configuration phase by phase, doing what the trainer
/// does in a step but with a mark between the parts: a random batch gathered from a pool of 8-bit images on the device
/// (data), both views through <see cref="ViewPipeline"/> (augmentation), <see cref="IPretrainMethod.Loss"/> (online and
/// target forward; the target's share is measured through its forward hooks, the loss stays with the online part),
/// backward, the optimiser step (LARS or SGD from the run configuration) and the target update. One dispose scope per
/// step; the phase marks cost no device synchronisation on the CPU.</summary>
public static class EngineStep
{
    private static readonly double[] CifarMean = [0.4914, 0.4822, 0.4465];
    private static readonly double[] CifarStd = [0.2470, 0.2435, 0.2616];

    public static StepMeasurement Measure(string methodId, BenchConfig config, int warmup, int steps, int threads)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var device = torch.CPU;
        var run = BenchRunConfigs.For(methodId, config, threads, warmup + steps);
        using var method = MethodFactory.Create(run, device);
        using var optimizer = OptimizerFactory.Create(run, method);
        using var targetTimer = new ForwardTimer(ForwardTimer.Child(method.Root, "target"));
        var poolSize = Math.Max(2 * config.BatchSize, 256);
        using var pool = torch.randint(0, 256, [poolSize, config.ImageSize, config.ImageSize, 3], dtype: ScalarType.Byte, device: device);
        using var clock = new PhaseClock(device);
        var stepSeconds = new List<double>();
        var cpuSeconds = new List<double>();
        using var self = Process.GetCurrentProcess();
        var phaseSeconds = new List<IReadOnlyDictionary<string, double>>();
        var phaseCpuSeconds = new List<IReadOnlyDictionary<string, double>>();
        var losses = new List<double>();
        var learningRate = OptimizerFactory.ScaledLearningRate(run);
        for (var i = 0; i < warmup + steps; i++)
        {
            self.Refresh();
            var cpuStart = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                clock.Start();
                targetTimer.Reset();
                var index = torch.randint(0, poolSize, [config.BatchSize], dtype: ScalarType.Int64, device: device);
                var images = pool.index_select(0, index).permute(0, 3, 1, 2).to(ScalarType.Float32).div_(255);
                clock.Mark(Phases.Data);
                using var generator1 = new Generator((ulong)(2 * i + 1));
                using var generator2 = new Generator((ulong)(2 * i + 2));
                var view1 = ViewPipeline.Apply(images, run.Augmentation.View1, generator1, CifarMean, CifarStd);
                var view2 = ViewPipeline.Apply(images, run.Augmentation.View2, generator2, CifarMean, CifarStd);
                clock.Mark(Phases.Augmentation);
                var loss = method.Loss(view1.Images, view2.Images);
                losses.Add(loss.Total.item<float>());
                clock.Mark(Phases.OnlineForward);
                clock.Move(Phases.OnlineForward, Phases.TargetForward, targetTimer.Seconds, targetTimer.CpuSeconds);
                loss.Total.backward();
                clock.Mark(Phases.Backward);
                optimizer.LearningRate = learningRate;
                optimizer.Step();
                optimizer.ZeroGrad();
                clock.Mark(Phases.Optimizer);
                method.AfterOptimizerStep(0.99);
                clock.Mark(Phases.Ema);
            }
            var elapsed = watch.Elapsed.TotalSeconds;
            self.Refresh();
            if (i >= warmup)
            {
                stepSeconds.Add(elapsed);
                cpuSeconds.Add((self.TotalProcessorTime - cpuStart).TotalSeconds);
                phaseSeconds.Add(new Dictionary<string, double>(clock.Seconds));
                phaseCpuSeconds.Add(new Dictionary<string, double>(clock.CpuSeconds));
            }
        }
        var phases = clock.Seconds.Keys.ToDictionary(p => p, p => Statistics.Median(phaseSeconds.Select(s => s[p])));
        var phasesCpu = clock.CpuSeconds.Keys.ToDictionary(p => p, p => Statistics.Median(phaseCpuSeconds.Select(s => s[p])));
        return new StepMeasurement(StepMeasurement.Engine, methodId, config.Name, config.BatchSize, config.ImageSize, config.Width,
            warmup, steps, Statistics.Median(stepSeconds), stepSeconds.Average(), phases, ProcessMemory.PeakRssMb, losses[0], losses[^1],
            Statistics.Median(cpuSeconds)) { PhaseCpuMedianSeconds = phasesCpu };
    }
}
