using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Trains and scores a per-pixel linear classifier on feature maps. A 1×1 convolution commutes with bilinear
/// upsampling (both are linear and the interpolation weights sum to one), so the classifier runs on the coarse map and
/// its logits are upsampled: the same function as classifying upsampled features, at a fraction of the memory.
/// <para>The classifier keeps a Conv2d's parameters (so it saves and loads as one) but is applied as a matrix product
/// over the channels: a convolution with 2 output channels is a shape oneDNN computes wrong and, with its AVX2 1×1
/// kernels, corrupts memory on (<see cref="Models.Backbones.CpuLayoutRule"/>), and a dense probe runs in the same
/// process as wide backbones that keep oneDNN on.</para></summary>
public static class DenseClassifierTrainer
{
    public const int Classes = 2;

    /// <param name="features">[N, C, h, w] frozen features.</param>
    /// <param name="masks">[N, H, W] object masks (non-zero = object).</param>
    public static Conv2d Train(Tensor features, Tensor masks, DenseProbeOptions options, IProgress<EvaluationProgress>? progress,
        CancellationToken cancellationToken, string protocol = "dense linear probe")
    {
        options.Validate();
        CheckShapes(features, masks);
        var generator = new Generator((ulong)options.Seed);
        var classifier = nn.Conv2d(features.shape[1], Classes, 1);
        try
        {
            using (no_grad())
            {
                classifier.weight!.normal_(0, 0.01, generator);
                classifier.bias!.zero_();
            }
            classifier.to(features.device);
            using var optimizer = optim.SGD(classifier.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
            var n = features.shape[0];
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = options.LearningRate * options.Schedule.Factor(epoch, options.Epochs);
                using var order = randperm(n, generator: generator).to(features.device);
                for (long start = 0; start < n; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var index = order[TensorIndex.Slice(start, Math.Min(n, start + options.BatchSize))];
                    optimizer.zero_grad();
                    var logits = UpsampledLogits(classifier, features[index], masks.shape[1], masks.shape[2]);
                    var loss = nn.functional.cross_entropy(logits, Targets(masks[index].to(features.device)));
                    loss.backward();
                    optimizer.step();
                }
                progress?.Report(new EvaluationProgress(protocol, "epoch", epoch + 1, options.Epochs));
            }
            return classifier;
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
        finally
        {
            generator.Dispose();
        }
    }

    /// <summary>Adds the classifier's per-pixel predictions on <paramref name="features"/> to <paramref name="confusion"/>.</summary>
    public static void Score(Conv2d classifier, Tensor features, Tensor masks, SegmentationConfusion confusion, int batchSize = 64)
    {
        CheckShapes(features, masks);
        using var noGrad = no_grad();
        var n = features.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var slice = TensorIndex.Slice(start, Math.Min(n, start + batchSize));
            var logits = UpsampledLogits(classifier, features[slice], masks.shape[1], masks.shape[2]);
            confusion.Add(logits.argmax(1), Targets(masks[slice].to(features.device)));
        }
    }

    /// <summary>[B, 2, H, W] logits: the 1×1 classifier on [B, C, h, w], upsampled bilinearly to H×W.</summary>
    public static Tensor UpsampledLogits(Conv2d classifier, Tensor features, long height, long width) =>
        nn.functional.interpolate(Logits(classifier, features), [height, width], mode: InterpolationMode.Bilinear, align_corners: false);

    /// <summary>[B, 2, h, w]: what <c>classifier.call(features)</c> computes, as [2, C] × [B, C, h·w] + bias.</summary>
    public static Tensor Logits(Conv2d classifier, Tensor features)
    {
        using var scope = NewDisposeScope();
        long batch = features.shape[0], channels = features.shape[1], height = features.shape[2], width = features.shape[3];
        var weight = classifier.weight!.view(Classes, channels);
        var logits = matmul(weight, features.reshape(batch, channels, height * width)) + classifier.bias!.view(1, Classes, 1);
        return logits.view(batch, Classes, height, width).MoveToOuterDisposeScope();
    }

    private static Tensor Targets(Tensor masks) => masks.ne(0).to_type(ScalarType.Int64);

    private static void CheckShapes(Tensor features, Tensor masks)
    {
        if (features.dim() != 4 || masks.dim() != 3 || features.shape[0] != masks.shape[0])
            throw new ArgumentException($"the dense probe needs features [N, C, h, w] and masks [N, H, W] for the same N; got " +
                $"{TensorShapes.Shape(features)} and {TensorShapes.Shape(masks)}");
    }
}
