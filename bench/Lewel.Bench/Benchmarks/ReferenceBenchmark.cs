using Lewel.Bench.Measurement;
using Lewel.Bench.Reference;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>reference</c>: the PyTorch reference alone (BYOL and LEWEL_B at the standard configurations) on this
/// machine's CPU. Writes bench/results/reference.json.</summary>
public static class ReferenceBenchmark
{
    public static readonly IReadOnlyList<string> DefaultMethods = ["lewel-b", "byol"];

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var reference = PythonReference.Locate(ResultsFile.RepoRoot);
        var configs = args.Quick ? [BenchConfig.Narrow.With(batchSize: 32)] : BenchConfig.Standard;
        var warmup = args.Warmup ?? 1;
        var steps = args.Steps ?? (args.Quick ? 2 : 3);
        var measurements = new List<StepMeasurement>();
        foreach (var config in configs)
            foreach (var method in args.Methods ?? DefaultMethods)
            {
                var m = reference.Measure(method, config, warmup, steps, args.Threads, TimeSpan.FromMinutes(10));
                Console.WriteLine($"{m.Implementation,-8} {m.Method,-8} {m.Config,-22} {m.MedianStepSeconds,8:F3} s/step {m.ImagesPerSecond,8:F1} img/s");
                measurements.Add(m);
            }
        var path = ResultsFile.Write("reference", new ReferenceResults(reference.Python, args.Threads, measurements));
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}

public sealed record ReferenceResults(string Python, int Threads, IReadOnlyList<StepMeasurement> Measurements);
