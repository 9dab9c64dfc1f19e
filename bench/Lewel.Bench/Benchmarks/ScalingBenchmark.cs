using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>scaling</c>: the engine's step time against batch size (ResNet-18 ×0.25, 32 px) and image size (batch 32),
/// each point in a fresh process so its peak RSS is its own, and the kNN search time against memory-bank size
/// (10,000 queries, 512-d features, 10 classes). Writes bench/results/scaling.json.</summary>
public static class ScalingBenchmark
{
    public static readonly IReadOnlyList<string> DefaultMethods = ["lewel-b", "byol"];

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var methods = args.Methods ?? (args.Quick ? ["lewel-b"] : DefaultMethods);
        var warmup = args.Warmup ?? 1;
        var steps = args.Steps ?? 1;
        int[] batches = args.Quick ? [16, 32] : [32, 64, 128, 256];
        int[] sizes = args.Quick ? [32, 64] : [32, 64, 96];
        int[] banks = args.Quick ? [1_000, 5_000] : [1_000, 5_000, 10_000, 20_000, 50_000];
        var queries = args.Quick ? 2_000 : 10_000;
        var timeout = TimeSpan.FromMinutes(15);
        var baseConfig = BenchConfig.Narrow;

        var byBatch = new List<StepMeasurement>();
        var bySize = new List<StepMeasurement>();
        foreach (var method in methods)
        {
            foreach (var batch in batches)
                byBatch.Add(Report(EngineProcess.Measure(method, baseConfig.With(batchSize: batch), warmup, steps, args.Threads, timeout)));
            foreach (var size in sizes)
                bySize.Add(Report(EngineProcess.Measure(method, baseConfig.With(batchSize: 32, imageSize: size), warmup, steps, args.Threads, timeout)));
        }
        var knn = new List<KnnPoint>();
        foreach (var bank in banks)
        {
            var point = KnnTiming.Measure(bank, queries, featureDim: 512, classes: 10, args.Threads, repeats: 2);
            Console.WriteLine($"kNN bank {bank,6}: {point.Seconds:F3} s for {queries} queries");
            knn.Add(point);
        }
        var path = ResultsFile.Write(args.Output ?? "scaling", new ScalingResults(args.Threads, warmup, steps, byBatch, bySize, knn));
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static StepMeasurement Report(StepMeasurement m)
    {
        Console.WriteLine($"{m.Method,-8} {m.Config,-22} {m.MedianStepSeconds,8:F3} s/step {m.ImagesPerSecond,8:F1} img/s peak RSS {m.PeakRssMb:F0} MiB");
        return m;
    }
}

public sealed record ScalingResults(int Threads, int Warmup, int Steps, IReadOnlyList<StepMeasurement> ByBatch,
    IReadOnlyList<StepMeasurement> ByImageSize, IReadOnlyList<KnnPoint> Knn);
