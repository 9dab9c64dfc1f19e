using Lewel.Bench.Engine;
using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

public static class TrainSection
{
    public const string Name = "train";

    /// <param name="compare">The comparison's engine runs supply the BYOL and LEWEL_B rows of the phase table.</param>
    public static string Render(ResultsDocument<TrainResults>? document, ResultsDocument<CompareResults>? compare = null)
    {
        if (document is null) return "Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- train`.";
        var r = document.Results;
        var fromCompare = compare?.Results.Runs.Select(run => run.Measurement).Where(m => m.Implementation == StepMeasurement.Engine)
            .GroupBy(m => (m.Method, m.Config)).Select(g => g.OrderBy(m => m.MedianStepSeconds).ElementAt(g.Count() / 2)).ToList() ?? [];
        var phases = MarkdownTable.Render(
            ["method", "configuration", "ms/step", "images/s", "data", "augment", "online fwd", "target fwd", "backward", "optimiser", "EMA", "peak RSS MiB"],
            fromCompare.Concat(r.Phases).OrderBy(m => m.Config, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)
            [
                m.Method, m.Config, Ms(m.MedianStepSeconds), Num(m.ImagesPerSecond),
                .. new[] { Phases.Data, Phases.Augmentation, Phases.OnlineForward, Phases.TargetForward, Phases.Backward, Phases.Optimizer, Phases.Ema }
                    .Select(p => m.PhaseMedianSeconds.TryGetValue(p, out var s) ? Ms(s) : "—"),
                Num(m.PeakRssMb, 4),
            ]));
        var trainer = MarkdownTable.Render(["method", "configuration", "steps", "images/s", "data wait ms/step", "compute ms/step", "peak RSS MiB"],
            r.Trainer.Select(t => (IReadOnlyList<string>)
                [t.Method, t.Config, t.Steps.ToString(), Num(t.ImagesPerSecond), Ms(t.DataWaitSeconds), Ms(t.ComputeSeconds), Num(t.PeakRssMb, 4)]));
        var memory = MarkdownTable.Render(["method", "configuration", "RSS MiB by step", "managed heap MiB by step", "live tensors", "growth after the first sample",
                "growth over the second half"],
            r.Memory.Select(t => (IReadOnlyList<string>)
            [
                t.Method, t.Config + " (heads 256/64)", string.Join(", ", t.Rss.Select(s => $"{s.Step}: {Num(s.RssMb, 4)}")),
                string.Join(", ", t.Rss.Select(s => $"{s.Step}: {Num(s.ManagedMb)}")),
                string.Join(", ", t.Rss.Select(s => s.LiveTensors).Distinct()),
                t.Rss.Count > 1 ? Growth(t.Rss[0], t.Rss[^1]) : "—",
                t.Rss.Count > 2 ? Growth(t.Rss[t.Rss.Count / 2], t.Rss[^1]) : "—",
            ]));
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {Num(document.Machine.LoadAverage)} when written), {r.Threads} threads; command: `{document.Command}`.\n\n" +
               $"The step phase by phase ({r.Warmup} warm-up + {r.Steps} measured steps, ms; the BYOL and LEWEL_B rows are the " +
               "engine's median repetition in the comparison above):\n\n" + phases +
               "\nThrough the trainer (generated `shapes` data, the pair loader preparing batches on a background thread; the " +
               "first step is left out):\n\n" + trainer +
               "\nResident memory during a real run, sampled as the steps are reported (a leak grows in both halves; the allocator " +
               "settling in grows only in the first):\n\n" + memory;
    }

    private static string Growth(RssSample from, RssSample to) =>
        $"{Num(to.RssMb - from.RssMb)} MiB ({Percent(to.RssMb / from.RssMb - 1)}) over steps {from.Step}–{to.Step}";
}
