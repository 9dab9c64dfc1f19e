using Lewel.Engine.Evaluation;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class DenseClassifierTrainerTests
{
    private static readonly DenseProbeOptions Fast = new() { Epochs = 15, LearningRate = 0.5, BatchSize = 16 };

    /// <summary>8×8 squares aligned to the 4-pixel cells of a 16×16 image; features are 4×4 maps whose first channel is the object's coverage of
    /// each cell (informative) or pure noise.</summary>
    private static (Tensor Features, Tensor Masks) Squares(int n, bool informative, long seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var masks = zeros(n, 16, 16, ScalarType.Byte);
        for (var i = 0; i < n; i++)
        {
            var x = 4 * randint(0, 3, [1], generator: generator).item<long>();
            var y = 4 * randint(0, 3, [1], generator: generator).item<long>();
            masks[i, TensorIndex.Slice(y, y + 8), TensorIndex.Slice(x, x + 8)] = tensor((byte)1);
        }
        var coverage = nn.functional.avg_pool2d(masks.to_type(ScalarType.Float32).unsqueeze(1), 4);
        var noise = randn(n, 3, 4, 4, generator: generator).mul(0.05);
        var features = informative ? cat([coverage.mul(4).sub(2), noise], 1) : randn(n, 4, 4, 4, generator: generator);
        return (features.MoveToOuterDisposeScope(), masks.MoveToOuterDisposeScope());
    }

    [Fact]
    public void Train_OnFeaturesThatEncodeTheObject_SegmentsIt()
    {
        var (train, trainMasks) = Squares(48, informative: true, seed: 1);
        var (test, testMasks) = Squares(16, informative: true, seed: 2);
        using var classifier = DenseClassifierTrainer.Train(train, trainMasks, Fast, null, CancellationToken.None);
        var confusion = new SegmentationConfusion(2);
        DenseClassifierTrainer.Score(classifier, test, testMasks, confusion);
        Assert.True(confusion.IoU(1) > 95, $"foreground IoU {confusion.IoU(1)}");
        Assert.True(confusion.MeanIoU() > 95, $"mIoU {confusion.MeanIoU()}");
    }

    [Fact]
    public void Train_OnNoiseFeatures_DoesNotSegment()
    {
        var (train, trainMasks) = Squares(48, informative: false, seed: 3);
        var (test, testMasks) = Squares(16, informative: false, seed: 4);
        using var classifier = DenseClassifierTrainer.Train(train, trainMasks, Fast, null, CancellationToken.None);
        var confusion = new SegmentationConfusion(2);
        DenseClassifierTrainer.Score(classifier, test, testMasks, confusion);
        Assert.True(confusion.MeanIoU() < 55, $"mIoU {confusion.MeanIoU()}");
    }

    [Fact]
    public void Logits_AreTheClassifiersConvolution_InValueAndGradient()
    {
        using var scope = NewDisposeScope();
        var classifier = nn.Conv2d(24, DenseClassifierTrainer.Classes, 1, dtype: ScalarType.Float64);
        var features = randn(3, 24, 5, 7, ScalarType.Float64);
        var expected = nn.functional.conv2d(features, classifier.weight!, classifier.bias!);
        var logits = DenseClassifierTrainer.Logits(classifier, features);
        TensorAssert.Close(expected, logits, 1e-12);
        var upstream = randn(3, 2, 5, 7, ScalarType.Float64);
        var viaProduct = autograd.grad([logits.mul(upstream).sum()], [classifier.weight!, classifier.bias!]);
        var viaConvolution = autograd.grad([nn.functional.conv2d(features, classifier.weight!, classifier.bias!).mul(upstream).sum()],
            [classifier.weight!, classifier.bias!]);
        TensorAssert.Close(viaConvolution[0], viaProduct[0], 1e-12);
        TensorAssert.Close(viaConvolution[1], viaProduct[1], 1e-12);
    }

    [Fact]
    public void Confusion_GivesHandComputedIoU()
    {
        var confusion = new SegmentationConfusion(2);
        using var truth = tensor(new long[] { 0, 0, 0, 1, 1, 1 });
        using var predicted = tensor(new long[] { 0, 0, 1, 1, 1, 0 });
        confusion.Add(predicted, truth);
        Assert.Equal(100.0 * 2 / 4, confusion.IoU(0), 9);  // TP 2, FP 1 (truth 1 → 0), FN 1
        Assert.Equal(100.0 * 2 / 4, confusion.IoU(1), 9);
        Assert.Equal(100.0 * 4 / 6, confusion.PixelAccuracy(), 9);
    }
}
