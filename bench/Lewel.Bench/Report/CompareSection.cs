using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

public static class CompareSection
{
    public const string Name = "compare";

    private static readonly (string Header, string Phase)[] PhaseColumns =
    [
        ("data", Phases.Data), ("augment", Phases.Augmentation), ("online fwd", Phases.OnlineForward), ("target fwd", Phases.TargetForward),
        ("loss", Phases.Loss), ("backward", Phases.Backward), ("optimiser", Phases.Optimizer), ("EMA", Phases.Ema),
    ];

    public static string Render(ResultsDocument<CompareResults>? document)
    {
        if (document is null) return "Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- compare`.";
        var r = document.Results;
        var table = MarkdownTable.Render(
            ["configuration", "method", "engine / reference", "engine / reference CPU time", "engine ms/step", "reference ms/step", "engine images/s",
             .. PhaseColumns.Select(c => c.Header + " CPU ms (e / r)"), "peak RSS MiB (e / r)"],
            r.Summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Config, s.Method, $"**{Num(s.Ratio)}**", Num(s.CpuRatio), Ms(s.EngineStepSeconds), Ms(s.ReferenceStepSeconds),
                Num(s.BatchSize / s.EngineStepSeconds), .. PhaseColumns.Select(c => PhasePair(s, c.Phase)),
                $"{Num(s.EnginePeakRssMb, 4)} / {Num(s.ReferencePeakRssMb, 4)}",
            ]));
        var runs = MarkdownTable.Render(["configuration", "method", "engine ms/step per repetition", "reference ms/step per repetition"],
            r.Summaries.Select(s => (IReadOnlyList<string>)
                [s.Config, s.Method, string.Join(", ", s.EngineRunSeconds.Select(Ms)), string.Join(", ", s.ReferenceRunSeconds.Select(Ms))]));
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {Num(document.Machine.LoadAverage)} when written), {r.Threads} threads, {r.Repetitions} repetitions of " +
               $"{r.Warmup} warm-up + {r.Steps} measured steps per implementation, interleaved; command: `{document.Command}`. " +
               ReferenceLibrary(r) +
               "Times are medians over the repetitions of each run's median step; the CPU-time ratio uses each process's CPU time " +
               "(all threads), which a busy machine disturbs less than the wall time, and so do the phase columns. In the engine, \"online fwd\" includes the " +
               "predictors and the loss (the method computes them in one call); the reference reports the loss apart.\n\n" +
               table + "\n" + string.Join("\n", LewelOverhead(r.Summaries)) +
               "\n\nEvery repetition (a wide spread means the machine was busy):\n\n" + runs;
    }

    private static string ReferenceLibrary(CompareResults r)
    {
        var libraries = r.Runs.Select(run => run.Measurement).Where(m => m.Implementation == StepMeasurement.PyTorch && m.Library is not null)
            .Select(m => m.Library!).Distinct().ToList();
        return libraries.Count == 0 ? "" : $"The reference ran on `{r.Python}` with {string.Join("; ", libraries)}. ";
    }

    private static string PhasePair(CompareSummary s, string phase) =>
        $"{(s.EnginePhasesCpu?.TryGetValue(phase, out var e) == true ? Ms(e) : "—")} / " +
        $"{(s.ReferencePhasesCpu?.TryGetValue(phase, out var r) == true ? Ms(r) : "—")}";

    private static IEnumerable<string> LewelOverhead(IEnumerable<CompareSummary> summaries) =>
        summaries.GroupBy(s => s.Config).SelectMany(g =>
        {
            var lewel = g.FirstOrDefault(s => s.Method == "lewel-b");
            var byol = g.FirstOrDefault(s => s.Method == "byol");
            return lewel is null || byol is null
                ? []
                : new[] { $"- {g.Key}: LEWEL_B costs {Percent(lewel.EngineStepSeconds / byol.EngineStepSeconds - 1)} per step over BYOL " +
                          $"in the engine, {Percent(lewel.ReferenceStepSeconds / byol.ReferenceStepSeconds - 1)} in the reference" };
        });
}
