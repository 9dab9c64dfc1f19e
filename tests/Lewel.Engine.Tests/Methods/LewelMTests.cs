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

    [Fact]
    public void Description_FlagsTheReconstruction() =>
        Assert.Equal("LEWEL_M (reconstructed from the paper, unverified)", new LewelM(TinyConfigs.For(MethodIds.LewelM)).Description);
}
