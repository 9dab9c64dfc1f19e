using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using Lewel.Bench.Reference;
using Lewel.Engine.Config;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

/// <summary>What LEWEL_B's neck costs and where: the arithmetic of the step per part (<see cref="StepCost"/>) at every
/// configuration measured, the LEWEL_B/BYOL ratio it predicts, and the ratios measured by <c>compare</c> (CPU) and by
/// the GPU anchor.</summary>
public static class NeckCostSection
{
    public const string Name = "neck-cost";

    private static readonly IReadOnlyList<BenchConfig> KnownConfigs = [.. BenchConfig.Standard, BenchConfig.Narrow.With(batchSize: 16)];

    public static string Render(ResultsDocument<CompareResults>? compare, IReadOnlyList<ReferenceLine> gpuLines)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var group in compare?.Results.Summaries.GroupBy(s => s.Config) ?? [])
        {
            var config = KnownConfigs.FirstOrDefault(c => c.Name == group.Key);
            var lewel = group.FirstOrDefault(s => s.Method == MethodIds.LewelB);
            var byol = group.FirstOrDefault(s => s.Method == MethodIds.Byol);
            if (config is null || lewel is null || byol is null) continue;
            rows.Add(Row($"{config.Name} (CPU, 2 threads)",
                StepCost.For(MethodIds.LewelB, config), StepCost.For(MethodIds.Byol, config),
                lewel.EngineStepSeconds / byol.EngineStepSeconds, lewel.ReferenceStepSeconds / byol.ReferenceStepSeconds));
        }
        foreach (var group in gpuLines.Where(l => l.Error is null).GroupBy(l => l.Label))
        {
            var lewel = group.FirstOrDefault(l => l.Method == MethodIds.LewelB);
            var byol = group.FirstOrDefault(l => l.Method == MethodIds.Byol);
            if (lewel is null || byol is null) continue;
            rows.Add(Row($"{group.Key}: {lewel.Arch} ×{Num(lewel.Width)} {lewel.ImageSize}px b{lewel.Batch} ({lewel.Device})",
                Cost(lewel), Cost(byol), null, lewel.MedianStepS / byol.MedianStepS));
        }
        if (rows.Count == 0) return "Not measured yet: run `compare` (and the GPU anchor) first.";
        return "Forward multiply-accumulates per image and view, counted from the shapes (`bench/Lewel.Bench/Measurement/StepCost.cs`; " +
               "BN, activations and the loss left out). The step counts two views through the online forward, its backward " +
               "(≈ 2× the forward) and the target forward. G/M = 10⁹/10⁶ multiply-accumulates.\n\n" +
               MarkdownTable.Render(
                   ["configuration", "backbone GMAC", "C, P", "BYOL heads MMAC", "LEWEL g MMAC", "aggregation MMAC", "LEWEL p MMAC",
                    "q_g + q_a MMAC", "step GMAC per image (BYOL / LEWEL_B)", "LEWEL_B / BYOL predicted", "measured, engine", "measured, reference"],
                   rows);
    }

    private static StepCost Cost(ReferenceLine l) =>
        StepCost.For(l.Method, l.Arch, l.Width, l.ImageSize, l.Stem, l.StemPadding, l.ProjHidden, l.PredHidden, l.Dim, l.NumHeads);

    private static IReadOnlyList<string> Row(string label, StepCost lewel, StepCost byol, double? engineRatio, double referenceRatio)
    {
        static string G(long macs) => Num(macs / 1e9);
        static string M(long macs) => Num(macs / 1e6, 4);
        return
        [
            label, G(lewel.BackboneMacs), $"{lewel.Channels}, {lewel.Positions}",
            M(byol.HeadMacs(StepCost.Projector) + byol.HeadMacs(StepCost.Predictor)),
            M(lewel.HeadMacs(StepCost.MapProjector)), M(lewel.HeadMacs(StepCost.Aggregation)), M(lewel.HeadMacs(StepCost.AlignedProjector)),
            M(lewel.HeadMacs(StepCost.GlobalPredictor) + lewel.HeadMacs(StepCost.AlignedPredictor)),
            $"{G(byol.StepMacsPerImage)} / {G(lewel.StepMacsPerImage)}",
            Num(lewel.StepRatioTo(byol)), engineRatio is { } e ? Num(e) : "—", Num(referenceRatio),
        ];
    }
}
