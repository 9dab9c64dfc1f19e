using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

public static class CompareSection
{
    public const string Name = "compare";

    public static string Render(ResultsDocument<CompareResults>? document)
    {
        if (document is null) return "Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- compare`.";
        var r = document.Results;
        string Pair(CompareSummary s, string phase) =>
            $"{(s.EnginePhases.TryGetValue(phase, out var e) ? Ms(e) : "—")} / {(s.ReferencePhases.TryGetValue(phase, out var p) ? Ms(p) : "—")}";
        var table = MarkdownTable.Render(
            ["configuration", "method", "engine / reference", "engine ms", "reference ms", "online fwd ms (e / r)", "target fwd ms (e / r)",
             "loss ms (e / r)", "backward ms (e / r)", "EMA ms (e / r)", "peak RSS MiB (e / r)"],
            r.Summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Config, s.Method, $"**{Num(s.ModelRatio)}**", Ms(s.EngineModelSeconds), Ms(s.ReferenceModelSeconds),
                Pair(s, Phases.OnlineForward), Pair(s, Phases.TargetForward), Pair(s, Phases.Loss), Pair(s, Phases.Backward),
                Pair(s, Phases.Ema), $"{Num(s.EnginePeakRssMb, 4)} / {Num(s.ReferencePeakRssMb, 4)}",
            ]));
        var overhead = r.Summaries.GroupBy(s => s.Config).SelectMany(g =>
        {
            var lewel = g.FirstOrDefault(s => s.Method == "lewel-b");
            var byol = g.FirstOrDefault(s => s.Method == "byol");
            return lewel is null || byol is null
                ? []
                : new[] { $"- {g.Key}: LEWEL_B costs {Percent(lewel.EngineModelSeconds / byol.EngineModelSeconds - 1)} over BYOL in the engine, " +
                          $"{Percent(lewel.ReferenceModelSeconds / byol.ReferenceModelSeconds - 1)} in the reference" };
        });
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {Num(document.Machine.LoadAverage)} when written), {r.Threads} threads, {r.Repetitions} repetitions of " +
               $"{r.Warmup} warm-up + {r.Steps} measured steps per implementation, interleaved; command: `{document.Command}`. " +
               $"Times are medians over the repetitions of the per-run medians and cover the phases both implementations have: " +
               $"{string.Join(", ", r.ComparedPhases)}. In the engine, \"online fwd\" includes the predictors and the loss " +
               "(the method computes them in one call); the reference reports the loss apart.\n\n" +
               table + "\n" + string.Join("\n", overhead) + "\n";
    }
}
