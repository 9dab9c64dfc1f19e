using System.Diagnostics;
using System.Globalization;
using Lewel.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Linear probe (lewel-method.md §8.1): the backbone frozen in eval mode, GAP features of the train split
/// computed once and cached (or recomputed from augmented images every epoch), a linear classifier trained with SGD,
/// top-1/top-5 on the test split.</summary>
public static class LinearProbeProtocol
{
    public const string Name = "linear";

    public static EvaluationResult Run(nn.Module<Tensor, Tensor> backbone, EvaluationData data, LinearProbeOptions options,
        EvaluationContext context)
    {
        options.Validate();
        var numClasses = data.NumClasses(Name);
        var clock = Stopwatch.StartNew();
        using var frozen = new FrozenBackbone(backbone);
        var trainIndices = DatasetTensors.All(data.Train);
        var testIndices = DatasetTensors.All(data.Test);
        using var trainLabels = DatasetTensors.Labels(data.Train, trainIndices).to(context.Device);
        using var testLabels = DatasetTensors.Labels(data.Test, testIndices).to(context.Device);
        using var augmentation = options.Augment ? new ProbeAugmentation(options.Seed) : null;
        Tensor Extract(IImageDataset split, int[] indices, string stage, Func<Tensor, Tensor>? augment) =>
            FeatureExtractor.Extract(split, indices, frozen.Pooled, data.Normalization, context.Device, context.BatchSize, Name, stage,
                context.Progress, context.CancellationToken, augment);

        Tensor? epochFeatures = null;
        try
        {
            if (!options.Augment) epochFeatures = Extract(data.Train, trainIndices, "features train", null);
            Tensor FeaturesFor(int epoch)
            {
                if (!options.Augment) return epochFeatures!;
                epochFeatures?.Dispose();
                epochFeatures = Extract(data.Train, trainIndices, $"features train (augmented, epoch {epoch + 1})", augmentation!.Apply);
                return epochFeatures;
            }
            using var classifier = LinearClassifierTrainer.Train(FeaturesFor, trainLabels, numClasses, options, Name, context.Progress,
                context.CancellationToken);
            using var testFeatures = Extract(data.Test, testIndices, "features test", null);
            var (top1, top5) = LinearClassifierTrainer.Score(classifier, testFeatures, testLabels);
            frozen.AssertUnchanged(Name);
            var parameters = new Dictionary<string, string>(options.Describe())
            {
                ["trainSize"] = trainIndices.Length.ToString(CultureInfo.InvariantCulture),
                ["testSize"] = testIndices.Length.ToString(CultureInfo.InvariantCulture),
                ["normalization"] = data.Normalization.Describe(),
            };
            return new EvaluationResult(Name, parameters, context.Checkpoint, data.Dataset, clock.Elapsed.TotalSeconds,
                new Dictionary<string, double> { ["top1"] = top1, ["top5"] = top5 });
        }
        finally
        {
            epochFeatures?.Dispose();
        }
    }
}
