using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

public class LewelMTests
{
    [Fact]
    public void AfterOptimizerStep_EnqueuesBKeysGloballyAndBTimesNAligned()
    {
        using var method = new LewelM(TinyConfigs.For(MethodIds.LewelM));
        method.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        method.AfterOptimizerStep(0.99);
        var state = method.state_dict();
        Assert.Equal(TinyConfigs.BatchSize, state["queue.ptr"].item<long>());
        Assert.Equal(TinyConfigs.BatchSize * (TinyConfigs.Dim / TinyConfigs.NumHeads), state["aligned_queue.ptr"].item<long>());
        TensorAssert.Close(ones(2, state["aligned_queue.keys"].shape[2]), state["aligned_queue.keys"].norm(1), 1e-5, "unit keys");
    }

    [Fact]
    public void Loss_TotalMixesGlobalAndAlignedWithAlpha_AndHasNoPredictors()
    {
        var config = TinyConfigs.For(MethodIds.LewelM);
        using var method = new LewelM(config with { Lewel = config.Lewel with { Alpha = 0.3 } });
        var terms = method.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        Assert.Equal(0.3 * terms.Global.item<float>() + 0.7 * terms.Aligned!.item<float>(), terms.Total.item<float>(), 4);
        Assert.DoesNotContain(method.state_dict().Keys, k => k.StartsWith("predictor", StringComparison.Ordinal));
    }

    /// <summary>The chunked aligned InfoNCE (3 rows a chunk here) against the unchunked autograd loss it replaced: the
    /// same total loss and the same gradient on every trainable parameter, over two steps (the second one against
    /// enqueued keys).</summary>
    [Fact]
    public void Loss_ChunkedAlignedInfoNce_GivesTheLossAndGradientsOfTheUnchunkedOne()
    {
        var config = TinyConfigs.For(MethodIds.LewelM);
        manual_seed(7);
        using var chunked = new LewelM(config, alignedLogitBudget: 1000);
        manual_seed(7);
        using var plain = new LewelM(config, alignedLogitBudget: null);
        var generator = new Generator(3, CPU);
        for (var step = 0; step < 2; step++)
        {
            var view1 = randn([TinyConfigs.BatchSize, 3, TinyConfigs.ImageSize, TinyConfigs.ImageSize], generator: generator);
            var view2 = randn([TinyConfigs.BatchSize, 3, TinyConfigs.ImageSize, TinyConfigs.ImageSize], generator: generator);
            var chunkedTerms = chunked.Loss(view1, view2);
            var plainTerms = plain.Loss(view1, view2);
            chunkedTerms.Total.backward();
            plainTerms.Total.backward();

            Assert.Equal(plainTerms.Total.item<float>(), chunkedTerms.Total.item<float>(), 5);
            Assert.Equal(plainTerms.Aligned!.item<float>(), chunkedTerms.Aligned!.item<float>(), 5);
            var plainParameters = plain.TrainableParameters().ToDictionary(p => p.Name, p => p.Parameter);
            foreach (var (name, parameter) in chunked.TrainableParameters())
            {
                var expected = plainParameters[name].grad!;
                var scale = Math.Max(1e-3, expected.abs().max().item<float>());
                var difference = (parameter.grad! - expected).abs().max().item<float>();
                Assert.True(difference < 1e-4 * scale, $"step {step}, {name}: gradient differs by {difference:G3} (largest {scale:G3})");
            }
            chunked.AfterOptimizerStep(0.99);
            plain.AfterOptimizerStep(0.99);
        }
    }

    [Fact]
    public void AlignedQueue_IsSizedInStepsOfBatchTimesN_AndAnOldKeyCountStillWins()
    {
        var config = TinyConfigs.For(MethodIds.LewelM);
        var keysPerStep = TinyConfigs.BatchSize * (TinyConfigs.Dim / TinyConfigs.NumHeads);
        using var bySteps = new LewelM(config with { Moco = config.Moco with { AlignedQueueSize = null, AlignedQueueSteps = 3 } });
        using var byKeys = new LewelM(config with { Moco = config.Moco with { AlignedQueueSize = 2 * keysPerStep, AlignedQueueSteps = 3 } });
        Assert.Equal(3 * keysPerStep, bySteps.state_dict()["aligned_queue.keys"].shape[2]);
        Assert.Equal(2 * keysPerStep, byKeys.state_dict()["aligned_queue.keys"].shape[2]);
    }

    [Fact]
    public void Description_FlagsTheReconstruction() =>
        Assert.Equal("LEWEL_M (reconstructed from the paper, unverified)", new LewelM(TinyConfigs.For(MethodIds.LewelM)).Description);
}
