using System.Diagnostics;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Bench.Engine;

/// <summary>Times the engine's kNN search (<see cref="KnnClassifier.Evaluate"/> with the default and the wide setting)
/// for a memory bank of random ℓ2-normalised features. Feature extraction is not included.</summary>
public static class KnnTiming
{
    public static KnnPoint Measure(int bankSize, int queries, int featureDim, int classes, int threads, int repeats)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        using var bank = nn.functional.normalize(randn(bankSize, featureDim), dim: 1);
        using var bankLabels = randint(0, classes, [bankSize], dtype: ScalarType.Int64);
        using var query = nn.functional.normalize(randn(queries, featureDim), dim: 1);
        using var queryLabels = randint(0, classes, [queries], dtype: ScalarType.Int64);
        KnnSetting[] settings = [KnnSetting.Default, KnnSetting.Wide];
        var seconds = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            KnnClassifier.Evaluate(bank, bankLabels, query, queryLabels, classes, settings);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        return new KnnPoint(bankSize, queries, featureDim, classes, Measurement.Statistics.Median(seconds));
    }
}

public sealed record KnnPoint(int BankSize, int Queries, int FeatureDim, int Classes, double Seconds);
