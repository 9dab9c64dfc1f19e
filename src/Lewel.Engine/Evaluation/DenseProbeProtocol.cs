using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Dense linear probe: last-stage maps of the frozen backbone for both splits (cached at their coarse size),
/// a per-pixel {background, object} classifier trained on the train split's masks, IoU on the test split's masks.
/// Values in percent: <c>mIoU</c> (mean over background and object), <c>foregroundIoU</c>, <c>backgroundIoU</c>,
/// <c>pixelAccuracy</c>.</summary>
public static class DenseProbeProtocol
{
    public const string Name = "dense";

    public static EvaluationResult Run(nn.Module<Tensor, Tensor> backbone, EvaluationData data, DenseProbeOptions options,
        EvaluationContext context)
    {
        options.Validate();
        foreach (var split in new[] { data.Train, data.Test })
            if (!split.HasMasks) throw new ArgumentException($"{Name}: {split.Description} has no object masks (use a data set with masks, e.g. shapes)");
        var clock = Stopwatch.StartNew();
        using var frozen = new FrozenBackbone(backbone);
        var trainIndices = DatasetTensors.All(data.Train);
        var testIndices = DatasetTensors.All(data.Test);
        using var trainFeatures = FeatureExtractor.Extract(data.Train, trainIndices, frozen.FeatureMap, data.Normalization, context.Device,
            context.BatchSize, Name, "features train", context.Progress, context.CancellationToken);
        using var trainMasks = DatasetTensors.Masks(data.Train, trainIndices, context.Device);
        using var classifier = DenseClassifierTrainer.Train(trainFeatures, trainMasks, options, context.Progress, context.CancellationToken, Name);
        using var testFeatures = FeatureExtractor.Extract(data.Test, testIndices, frozen.FeatureMap, data.Normalization, context.Device,
            context.BatchSize, Name, "features test", context.Progress, context.CancellationToken);
        using var testMasks = DatasetTensors.Masks(data.Test, testIndices, context.Device);
        var confusion = new SegmentationConfusion(DenseClassifierTrainer.Classes);
        DenseClassifierTrainer.Score(classifier, testFeatures, testMasks, confusion, options.BatchSize);
        frozen.AssertUnchanged(Name);
        var parameters = new Dictionary<string, string>(options.Describe())
        {
            ["featureMap"] = $"{trainFeatures.shape[2]}x{trainFeatures.shape[3]} -> {data.Test.Height}x{data.Test.Width}",
            ["trainSize"] = trainIndices.Length.ToString(CultureInfo.InvariantCulture),
            ["testSize"] = testIndices.Length.ToString(CultureInfo.InvariantCulture),
            ["normalization"] = data.Normalization.Describe(),
        };
        return new EvaluationResult(Name, parameters, context.Checkpoint, data.Dataset, clock.Elapsed.TotalSeconds,
            new Dictionary<string, double>
            {
                ["mIoU"] = confusion.MeanIoU(),
                ["foregroundIoU"] = confusion.IoU(1),
                ["backgroundIoU"] = confusion.IoU(0),
                ["pixelAccuracy"] = confusion.PixelAccuracy(),
            });
    }
}
