using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Bench.Reference;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>compare</c>: the engine and the PyTorch reference, interleaved in one invocation (engine, reference,
/// engine, reference…, the order flipped every repetition so drift in the machine's load cancels), each measurement in
/// a fresh process, for LEWEL_B and BYOL at the standard configurations. Writes bench/results/compare.json with every
/// measurement and, per configuration and method, the medians and the engine/reference ratio.</summary>
public static class CompareBenchmark
{
    public static readonly IReadOnlyList<string> DefaultMethods = ["lewel-b", "byol"];

    public static int Run(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var reference = PythonReference.Locate(ResultsFile.RepoRoot);
        IReadOnlyList<BenchConfig> configs = args.Quick ? [BenchConfig.Narrow.With(batchSize: 16)] : BenchConfig.Standard;
        var methods = args.Methods ?? DefaultMethods;
        var reps = args.Reps ?? (args.Quick ? 1 : 3);
        var warmup = args.Warmup ?? 1;
        var steps = args.Steps ?? (args.Quick ? 2 : 3);
        var timeout = TimeSpan.FromMinutes(15);
        var runs = new List<CompareRun>();
        for (var rep = 0; rep < reps; rep++)
            foreach (var config in configs)
                foreach (var method in methods)
                {
                    StepMeasurement Engine() => EngineProcess.Measure(method, config, warmup, steps, args.Threads, timeout);
                    StepMeasurement Reference()
                    {
                        var run = BenchRunConfigs.For(method, config, args.Threads, warmup + steps);
                        IReadOnlyList<string> arguments = [.. BenchRunConfigs.ReferenceArguments(run, warmup, steps, config.Name),
                            .. args.ReferenceChannelsLast ? ["--channels-last"] : Array.Empty<string>()];
                        var line = reference.Run(arguments, timeout).Single();
                        return PythonReference.ToMeasurement(line, config.Name);
                    }
                    var pair = rep % 2 == 0 ? new[] { Engine(), Reference() } : [Reference(), Engine()];
                    foreach (var m in pair)
                    {
                        runs.Add(new CompareRun(rep, m));
                        Console.WriteLine($"rep {rep} {m.Implementation,-8} {m.Method,-8} {m.Config,-22} step {m.MedianStepSeconds,8:F3} s, " +
                                          $"CPU {m.MedianCpuSeconds,8:F3} s");
                    }
                }
        var summaries = Summarise(runs).ToList();
        foreach (var s in summaries)
            Console.WriteLine($"{s.Config,-22} {s.Method,-8} engine/reference = {s.Ratio:F3} (wall), {s.CpuRatio:F3} (CPU time)");
        var path = ResultsFile.Write(args.Output ?? "compare", new CompareResults(reference.Python, args.Threads, reps, warmup, steps, summaries, runs));
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    public static IEnumerable<CompareSummary> Summarise(IReadOnlyList<CompareRun> runs) =>
        runs.GroupBy(r => (r.Measurement.Config, r.Measurement.Method)).Select(g =>
        {
            var engine = g.Where(r => r.Measurement.Implementation == StepMeasurement.Engine).Select(r => r.Measurement).ToList();
            var reference = g.Where(r => r.Measurement.Implementation == StepMeasurement.PyTorch).Select(r => r.Measurement).ToList();
            var engineStep = Statistics.Median(engine.Select(m => m.MedianStepSeconds));
            var referenceStep = Statistics.Median(reference.Select(m => m.MedianStepSeconds));
            var engineCpu = Statistics.Median(engine.Select(m => m.MedianCpuSeconds));
            var referenceCpu = Statistics.Median(reference.Select(m => m.MedianCpuSeconds));
            return new CompareSummary(g.Key.Config, g.Key.Method, engine[0].BatchSize, engine.Count, engineStep, referenceStep, engineStep / referenceStep,
                engineCpu, referenceCpu, engineCpu / referenceCpu,
                engine.Select(m => m.MedianStepSeconds).ToList(), reference.Select(m => m.MedianStepSeconds).ToList(),
                PhaseMedians(engine, m => m.PhaseMedianSeconds), PhaseMedians(reference, m => m.PhaseMedianSeconds),
                PhaseMedians(engine, m => m.PhaseCpuMedianSeconds), PhaseMedians(reference, m => m.PhaseCpuMedianSeconds),
                Statistics.Median(engine.Select(m => m.PeakRssMb)), Statistics.Median(reference.Select(m => m.PeakRssMb)));
        });

    private static Dictionary<string, double> PhaseMedians(IReadOnlyList<StepMeasurement> measurements,
        Func<StepMeasurement, IReadOnlyDictionary<string, double>> phases) =>
        Phases.All.Where(p => measurements.All(m => phases(m).ContainsKey(p)))
            .ToDictionary(p => p, p => Statistics.Median(measurements.Select(m => phases(m)[p])));
}

public sealed record CompareRun(int Repetition, StepMeasurement Measurement);

/// <summary>Medians over the repetitions of each run's median step time; <see cref="Ratio"/> = engine / reference in wall
/// time, <see cref="CpuRatio"/> the same in process CPU time.</summary>
public sealed record CompareSummary(string Config, string Method, int BatchSize, int Repetitions,
    double EngineStepSeconds, double ReferenceStepSeconds, double Ratio,
    double EngineCpuSeconds, double ReferenceCpuSeconds, double CpuRatio,
    IReadOnlyList<double> EngineRunSeconds, IReadOnlyList<double> ReferenceRunSeconds,
    IReadOnlyDictionary<string, double> EnginePhases, IReadOnlyDictionary<string, double> ReferencePhases,
    IReadOnlyDictionary<string, double> EnginePhasesCpu, IReadOnlyDictionary<string, double> ReferencePhasesCpu,
    double EnginePeakRssMb, double ReferencePeakRssMb);

public sealed record CompareResults(string Python, int Threads, int Repetitions, int Warmup, int Steps,
    IReadOnlyList<CompareSummary> Summaries, IReadOnlyList<CompareRun> Runs);
