using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>train</c>: the engine's training throughput for all four methods. (1) The step phase by phase
/// (<see cref="EngineStep"/>) at the standard configurations for MoCo v2 and LEWEL_M (BYOL and LEWEL_B are measured the
/// same way by <c>compare</c>, and the report shows all four together); (2) real runs through the trainer at configuration (a)
/// for the pair loader's data wait and the end-to-end images/s; (3) resident memory after 100 and after 1,000 steps of a
/// real run at a tiny configuration (ResNet-18 ×0.125, 16 px, batch 16, heads 256/64), which shows whether memory grows
/// with the step count. Each measurement runs in a fresh process. Writes bench/results/train.json.</summary>
public static class TrainBenchmark
{
    public static readonly BenchConfig Tiny = new("r18-w0.125-16px-b16", "resnet18", 0.125, 16, 16);

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var methods = args.Methods ?? MethodIds.All;
        var phaseMethods = args.Methods ?? [MethodIds.MocoV2Plus, MethodIds.LewelM];   // LEWEL_M and the MoCo variant it is built on
        var warmup = args.Warmup ?? 1;
        var steps = args.Steps ?? (args.Quick ? 1 : 2);
        IReadOnlyList<BenchConfig> configs = args.Quick ? [BenchConfig.Narrow.With(batchSize: 16)] : BenchConfig.Standard;
        var trainerConfig = args.Quick ? BenchConfig.Narrow.With(batchSize: 16) : BenchConfig.Narrow;
        var trainerSteps = args.Quick ? 3 : 5;
        var (memorySteps, memoryFirst) = args.Quick ? (200, 20) : (1000, 100);
        IReadOnlyList<string> memoryMethods = args.Quick ? ["lewel-b"] : MethodIds.All;
        var timeout = TimeSpan.FromMinutes(20);

        var phases = new List<StepMeasurement>();
        foreach (var config in configs)
            foreach (var method in phaseMethods)
            {
                var m = EngineProcess.Measure(method, config, warmup, steps, args.Threads, timeout);
                Console.WriteLine($"{m.Method,-8} {m.Config,-22} {m.MedianStepSeconds,8:F3} s/step {m.ImagesPerSecond,8:F1} img/s peak RSS {m.PeakRssMb:F0} MiB");
                phases.Add(m);
            }
        var trainer = new List<TrainerRunResult>();
        foreach (var method in methods)
        {
            var r = TrainerProcess.Execute(method, trainerConfig, trainerSteps, args.Threads, rssAtStep: 1, smallHeads: false, timeout);
            Console.WriteLine($"{r.Method,-8} trainer at {r.Config}: {r.ImagesPerSecond:F1} img/s, data wait {r.DataWaitSeconds * 1000:F1} ms/step");
            trainer.Add(r);
        }
        var memory = new List<TrainerRunResult>();
        foreach (var method in memoryMethods)
        {
            var r = TrainerProcess.Execute(method, Tiny, memorySteps, args.Threads, memoryFirst, smallHeads: true, timeout);
            Console.WriteLine($"{r.Method,-8} memory: " + string.Join(", ", r.Rss.Select(s => $"step {s.Step}: {s.RssMb:F0} MiB")));
            memory.Add(r);
        }
        var path = ResultsFile.Write(args.Output ?? "train", new TrainResults(args.Threads, warmup, steps, phases, trainer, memory));
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}

public sealed record TrainResults(int Threads, int Warmup, int Steps, IReadOnlyList<StepMeasurement> Phases,
    IReadOnlyList<TrainerRunResult> Trainer, IReadOnlyList<TrainerRunResult> Memory);
