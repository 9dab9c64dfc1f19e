using System.Diagnostics;
using System.Globalization;
using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>The kNN protocol on a frozen network: features of the train split (bank) and test split (queries), then
/// <see cref="KnnClassifier"/>. Values: <c>top1</c>/<c>top5</c> for (k, T) and <c>top1_k200_t0.1</c>/<c>top5_k200_t0.1</c>.</summary>
public static class KnnProtocol
{
    public const string Name = "knn";

    /// <param name="pooledFeatures">Normalised images [B, 3, H, W] → GAP features [B, C], network already in eval mode.</param>
    /// <param name="inspectBank">Sees the ℓ2-normalised bank features [N, C] before they are released (e.g. for their
    /// effective rank).</param>
    public static EvaluationResult Run(Func<Tensor, Tensor> pooledFeatures, EvaluationData data, KnnOptions options, EvaluationContext context,
        Action<Tensor>? inspectBank = null)
    {
        options.Validate();
        var numClasses = data.NumClasses(Name);
        var clock = Stopwatch.StartNew();
        var trainIndices = DatasetTensors.All(data.Train);
        var testIndices = DatasetTensors.All(data.Test);
        using var bank = Normalised(pooledFeatures, data, data.Train, trainIndices, "features train", context);
        using var queries = Normalised(pooledFeatures, data, data.Test, testIndices, "features test", context);
        using var bankLabels = DatasetTensors.Labels(data.Train, trainIndices);
        using var queryLabels = DatasetTensors.Labels(data.Test, testIndices);
        inspectBank?.Invoke(bank);
        var accuracies = KnnClassifier.Evaluate(bank, bankLabels, queries, queryLabels, numClasses, options.Settings,
            options.SimilarityBudget, context.CancellationToken);
        var values = new Dictionary<string, double>();
        var parameters = options.Describe();
        foreach (var (accuracy, i) in accuracies.Select((a, i) => (a, i)))
        {
            var suffix = i == 0 ? "" : "_" + accuracy.Setting.Label;
            values["top1" + suffix] = accuracy.Top1;
            values["top5" + suffix] = accuracy.Top5;
            if (accuracy.EffectiveK != accuracy.Setting.K)
                parameters[$"effectiveK{suffix}"] = accuracy.EffectiveK.ToString(CultureInfo.InvariantCulture) + " (bank size)";
        }
        parameters["bankSize"] = trainIndices.Length.ToString(CultureInfo.InvariantCulture);
        parameters["querySize"] = testIndices.Length.ToString(CultureInfo.InvariantCulture);
        parameters["normalization"] = data.Normalization.Describe();
        return new EvaluationResult(Name, parameters, context.Checkpoint, data.Dataset, clock.Elapsed.TotalSeconds, values);
    }

    private static Tensor Normalised(Func<Tensor, Tensor> pooledFeatures, EvaluationData data, IImageDataset split, int[] indices,
        string stage, EvaluationContext context)
    {
        using var features = FeatureExtractor.Extract(split, indices, pooledFeatures, data.Normalization, context.Device, context.BatchSize,
            Name, stage, context.Progress, context.CancellationToken);
        return nn.functional.normalize(features, dim: 1).DetachFromDisposeScope();
    }
}
