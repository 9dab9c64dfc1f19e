using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

[Collection(Lewel.Engine.Tests.TestSupport.SerialTorchCollection.Name)]
public class ProtocolTests
{
    private static EvaluationData Squares(int train = 64, int test = 32) =>
        new(new ColouredSquares(train, 16, seed: 1), new ColouredSquares(test, 16, seed: 2, "test"),
            new InputNormalization([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]), "coloured-squares");

    private static readonly EvaluationContext Context = new() { Checkpoint = "test.ckpt", RequestedBatchSize = 16 };

    [Fact]
    public void Knn_OnMeanColourFeatures_FindsTheColourClasses()
    {
        using var backbone = new PooledPixels();
        var result = KnnProtocol.Run(x => backbone.call(x).mean([2, 3]), Squares(), new KnnOptions(), Context);
        Assert.Equal("knn", result.Protocol);
        Assert.True(result.Values["top1"] >= 90, result.Describe());
        Assert.Contains("top1_k200_t0.1", result.Values.Keys);
        Assert.Equal("64 (bank size)", result.Parameters["effectiveK_k200_t0.1"]);
        Assert.Equal("20", result.Parameters["k"]);
        Assert.Equal("test.ckpt", result.Checkpoint);
        Assert.Equal("coloured-squares", result.Dataset);
    }

    [Fact]
    public void Linear_OnMeanColourFeatures_IsNearlyPerfectAndLeavesBatchNormAlone()
    {
        using var backbone = new PooledPixels();
        var result = LinearProbeProtocol.Run(backbone, Squares(), new LinearProbeOptions { Epochs = 30, LearningRate = 0.5, BatchSize = 16 }, Context);
        Assert.Equal("linear", result.Protocol);
        Assert.True(result.Values["top1"] >= 90, result.Describe());
        Assert.False(backbone.training);
        Assert.Equal(0, backbone.Norm.running_mean!.abs().max().item<float>());
    }

    [Fact]
    public void Linear_WithAugmentation_RecomputesFeaturesEveryEpoch()
    {
        using var backbone = new TinyBackbone(seed: 3);
        var stages = new List<string>();
        var context = Context with { Progress = new SynchronousProgress<EvaluationProgress>(p => stages.Add(p.Stage)) };
        LinearProbeProtocol.Run(backbone, Squares(32, 8), new LinearProbeOptions { Epochs = 3, Augment = true, BatchSize = 16 }, context);
        Assert.Contains("features train (augmented, epoch 3)", stages);
        Assert.DoesNotContain("features train (augmented, epoch 4)", stages);
    }

    [Fact]
    public void SemiSupervised_TrainsTheBackboneAndBeatsChance()
    {
        using var backbone = new TinyBackbone(seed: 4);
        var before = backbone.parameters().First().detach().clone();
        var data = Squares(96, 32);
        var labelled = Enumerable.Range(0, 48).ToArray();
        var options = new SemiSupervisedOptions { LabelFraction = 0.5, Epochs = 15, BackboneLearningRate = 0.05, ClassifierLearningRate = 0.5, BatchSize = 16 };
        var result = SemiSupervisedProtocol.Run(backbone, data, labelled, options, Context);
        Assert.Equal("semi-supervised", result.Protocol);
        Assert.Equal("48", result.Parameters["labelledImages"]);
        Assert.False(before.allclose(backbone.parameters().First()), "the backbone was not fine-tuned");
        Assert.True(result.Values["top1"] >= 60, result.Describe());
    }

    [Fact]
    public void Dense_OnSaturationFeatures_SegmentsTheSquares()
    {
        using var backbone = new PooledPixels();
        var result = DenseProbeProtocol.Run(backbone, Squares(), new DenseProbeOptions { Epochs = 20, LearningRate = 0.2, BatchSize = 16 }, Context);
        Assert.Equal("dense", result.Protocol);
        Assert.True(result.Values["foregroundIoU"] > 60, result.Describe());
        Assert.InRange(result.Values["mIoU"], 0, 100);
        Assert.Equal("4x4 -> 16x16", result.Parameters["featureMap"]);
    }

    [Fact]
    public void Localization_UniformMapsScoreTheBaselineAndMaskMapsScoreOne()
    {
        var data = Squares(test: 12);
        var uniform = LocalizationProtocol.Run(x => full(x.shape[0], 3, 4, 4, 1f / 16), data.Test, data.Normalization, data.Dataset, Context);
        Assert.Equal(uniform.Values["uniformBaseline"], uniform.Values["massOnObject"], 5);
        Assert.InRange(uniform.Values["uniformBaseline"], 0.05, 0.3);

        // Maps that are exactly the (normalised) object masks put all their mass on the object.
        var masks = DatasetTensors.Masks(data.Test, DatasetTensors.All(data.Test), CPU).to_type(ScalarType.Float32);
        var offset = 0;
        var oracle = LocalizationProtocol.Run(x =>
        {
            var m = masks[TensorIndex.Slice(offset, offset + x.shape[0])].unsqueeze(1);
            offset += (int)x.shape[0];
            return m / m.sum([2, 3], keepdim: true);
        }, data.Test, data.Normalization, data.Dataset, Context);
        Assert.Equal(1.0, oracle.Values["massOnObject"], 5);
        Assert.Equal(1.0, oracle.Values["peakOnObject"], 5);
    }

    [Fact]
    public void Protocols_StopWhenCancelled()
    {
        using var backbone = new PooledPixels();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = Context with { CancellationToken = cancelled.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => KnnProtocol.Run(x => backbone.call(x).mean([2, 3]), Squares(), new KnnOptions(), context));
        Assert.ThrowsAny<OperationCanceledException>(() => LinearProbeProtocol.Run(backbone, Squares(), new LinearProbeOptions(), context));
        Assert.ThrowsAny<OperationCanceledException>(() => DenseProbeProtocol.Run(backbone, Squares(), new DenseProbeOptions(), context));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SemiSupervisedProtocol.Run(backbone, Squares(), [0, 1, 2, 3], new SemiSupervisedOptions { BatchSize = 4 }, context));
    }

    [Fact]
    public void Knn_OnAnUnlabeledSplit_SaysWhichSplitIsUnlabeled()
    {
        var data = Squares() with { Test = new Unlabeled(new ColouredSquares(4, 16, 3)) };
        using var backbone = new PooledPixels();
        var error = Assert.Throws<ArgumentException>(() => KnnProtocol.Run(x => backbone.call(x).mean([2, 3]), data, new KnnOptions(), Context));
        Assert.Contains("unlabeled", error.Message);
    }

    [Fact]
    public void Result_RoundTripsThroughJsonAndDescribesItself()
    {
        using var backbone = new PooledPixels();
        var result = KnnProtocol.Run(x => backbone.call(x).mean([2, 3]), Squares(16, 8), new KnnOptions(), Context);
        var back = EvaluationResult.FromJson(result.ToJson());
        Assert.Equal(result.Values, back.Values);
        Assert.Equal(result.Parameters, back.Parameters);
        Assert.StartsWith("knn (k=20, temperature=0.07", result.Describe());
    }

    private sealed class Unlabeled(IImageDataset inner) : IImageDataset
    {
        public string Description => "unlabeled test images";
        public int Count => inner.Count;
        public int Height => inner.Height;
        public int Width => inner.Width;
        public int NumClasses => 0;
        public IReadOnlyList<string> ClassNames => [];
        public bool HasMasks => false;
        public void CopyImage(int index, Span<byte> destination) => inner.CopyImage(index, destination);
        public int Label(int index) => -1;
        public void CopyMask(int index, Span<byte> destination) => throw new InvalidOperationException();
    }
}
