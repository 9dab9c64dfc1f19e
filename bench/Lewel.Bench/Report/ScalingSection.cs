using Lewel.Bench.Benchmarks;
using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

public static class ScalingSection
{
    public const string Name = "scaling";

    public static string Render(ResultsDocument<ScalingResults>? document)
    {
        if (document is null) return "Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- scaling`.";
        var r = document.Results;
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {Num(document.Machine.LoadAverage)} when written), {r.Threads} threads, {r.Warmup} warm-up + {r.Steps} " +
               $"measured steps per point, each point in a fresh process; command: `{document.Command}`. The whole engine step as " +
               "in the comparison above (data gather, augmentation, forward, backward, LARS, EMA).\n\n" +
               "Step time against batch size (ResNet-18 ×0.25, 32 px):\n\n" + Steps(r.ByBatch) +
               "\nStep time against image size (ResNet-18 ×0.25, batch 32):\n\n" + Steps(r.ByImageSize) +
               "\nkNN search (`KnnClassifier.Evaluate`, k = 20 and k = 200 settings together, random ℓ2-normalised " +
               "features, feature extraction not included):\n\n" +
               MarkdownTable.Render(["bank size", "queries", "feature dim", "seconds", "µs per query"],
                   r.Knn.Select(k => (IReadOnlyList<string>)
                       [k.BankSize.ToString("N0"), k.Queries.ToString("N0"), k.FeatureDim.ToString(), Num(k.Seconds), Num(k.Seconds / k.Queries * 1e6)]));
    }

    private static string Steps(IReadOnlyList<StepMeasurement> measurements) => MarkdownTable.Render(
        ["method", "configuration", "batch", "px", "ms/step", "images/s", "ms per image", "peak RSS MiB", "LEWEL_B over BYOL (measured / from arithmetic)"],
        measurements.Select(m => (IReadOnlyList<string>)
        [
            m.Method, m.Config, m.BatchSize.ToString(), m.ImageSize.ToString(), Ms(m.MedianStepSeconds), Num(m.ImagesPerSecond),
            Num(m.MedianStepSeconds / m.BatchSize * 1000), Num(m.PeakRssMb, 4), Overhead(m, measurements),
        ]));

    private static string Overhead(StepMeasurement lewel, IReadOnlyList<StepMeasurement> all)
    {
        var byol = all.FirstOrDefault(m => m.Method == MethodIds.Byol && m.Config == lewel.Config);
        if (lewel.Method != MethodIds.LewelB || byol is null) return "";
        var config = new BenchConfig(lewel.Config, "resnet18", lewel.Width, lewel.ImageSize, lewel.BatchSize);
        var predicted = StepCost.For(MethodIds.LewelB, config).StepRatioTo(StepCost.For(MethodIds.Byol, config));
        return $"{Percent(lewel.MedianStepSeconds / byol.MedianStepSeconds - 1)} / {Percent(predicted - 1)}";
    }
}
