using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

[Collection(SerialTorchCollection.Name)]
public class LewelBTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void InitialLoss_IsAboutFour(int seed)
    {
        manual_seed(seed);
        using var method = new LewelB(TinyConfigs.WithWideHeads(MethodIds.LewelB));
        var terms = method.Loss(TinyConfigs.Images(16), TinyConfigs.Images(16));
        Assert.InRange(terms.Total.item<float>(), 3.7, 4.3);
        Assert.InRange(terms.Global.item<float>(), 3.5, 4.5);
        Assert.InRange(terms.Aligned!.item<float>(), 3.5, 4.5);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Loss_TotalIsAlphaTimesGlobalPlusTheRestTimesAligned(double alpha)
    {
        var config = TinyConfigs.For(MethodIds.LewelB);
        using var method = new LewelB(config with { Lewel = config.Lewel with { Alpha = alpha } });
        var terms = method.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        Assert.Equal(alpha * terms.Global.item<float>() + (1 - alpha) * terms.Aligned!.item<float>(), terms.Total.item<float>(), 4);
    }

    [Fact]
    public void AlignedLossAlone_TrainsTheSharedProjectorThroughTheMaps()
    {
        var config = TinyConfigs.For(MethodIds.LewelB);
        using var method = new LewelB(config with { Lewel = config.Lewel with { Alpha = 0.0 } });
        method.Loss(TinyConfigs.Images(), TinyConfigs.Images()).Total.backward();
        var parameters = method.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // g only feeds the aligned loss through the alignment maps (§10.8)
        Assert.True(parameters["online.neck.proj.mlp.0.weight"].grad!.abs().sum().item<float>() > 0);
        Assert.Equal(0, parameters["predictor.mlp.0.weight"].grad?.abs().sum().item<float>() ?? 0);
    }

    [Fact]
    public void StateDict_HasOfficialNamesAndPredictorsOnlyOnline()
    {
        using var method = new LewelB(TinyConfigs.For(MethodIds.LewelB));
        var keys = method.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "online.backbone.layer1.0.conv1.weight", "online.neck.proj.mlp.0.weight", "online.neck.proj_obj.mlp.3.weight",
                     "target.neck.proj_obj.mlp.1.running_var", "predictor.mlp.0.weight", "predictor_obj.mlp.3.weight" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("target.predictor", StringComparison.Ordinal));
    }

    [Fact]
    public void Description_SaysAsReleased() =>
        Assert.Contains("LEWEL_B", new LewelB(TinyConfigs.For(MethodIds.LewelB)).Description);
}
