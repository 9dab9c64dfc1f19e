using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

/// <summary>Tables of step timings with their per-phase breakdown, shared by the CPU sections.</summary>
public static class StepTables
{
    public static readonly IReadOnlyList<string> PhaseHeaders =
        ["data", "augment", "online fwd", "target fwd", "loss", "backward", "optimiser", "EMA"];

    public static string Render(IEnumerable<StepMeasurement> measurements) => MarkdownTable.Render(
        ["implementation", "configuration", "method", "ms/step", "images/s", .. PhaseHeaders.Select(h => h + " ms"), "peak RSS MiB"],
        measurements.Select(m => (IReadOnlyList<string>)
        [
            m.Implementation, m.Config, m.Method, Ms(m.MedianStepSeconds), Num(m.ImagesPerSecond),
            .. Phases.All.Select(p => m.PhaseMedianSeconds.TryGetValue(p, out var s) ? Ms(s) : "—"), Num(m.PeakRssMb, 4),
        ]));

    /// <summary>LEWEL_B's extra time per step over BYOL's at the same configuration, for one implementation.</summary>
    public static IEnumerable<string> LewelOverhead(IEnumerable<StepMeasurement> measurements)
    {
        foreach (var group in measurements.GroupBy(m => (m.Implementation, m.Config)))
        {
            var lewel = group.Where(m => m.Method == "lewel-b").Select(m => m.MedianStepSeconds).ToList();
            var byol = group.Where(m => m.Method == "byol").Select(m => m.MedianStepSeconds).ToList();
            if (lewel.Count > 0 && byol.Count > 0)
                yield return $"{group.Key.Implementation} at {group.Key.Config}: LEWEL_B costs " +
                             $"{Percent(Statistics.Median(lewel) / Statistics.Median(byol) - 1)} per step over BYOL";
        }
    }
}

public static class ReferenceSection
{
    public const string Name = "reference-cpu";

    public static string Render(ResultsDocument<ReferenceResults>? document)
    {
        if (document is null) return "Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- reference`.";
        var r = document.Results;
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {MarkdownTable.Num(document.Machine.LoadAverage)} when written), " +
               $"{r.Threads} threads, `{r.Python}`; command: `{document.Command}`.\n\n" +
               StepTables.Render(r.Measurements) + "\n" +
               string.Join("\n", StepTables.LewelOverhead(r.Measurements).Select(l => "- " + l)) + "\n";
    }
}
