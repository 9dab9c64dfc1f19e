using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Models.Heads;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

/// <summary>heads.matchLewel builds BYOL's projector and predictor as LEWEL_B builds g and q_g.</summary>
[Collection(SerialTorchCollection.Name)]
public class ByolMatchedHeadsTests
{
    private static RunConfig Matched() => TinyConfigs.For(MethodIds.Byol) with { Heads = TinyConfigs.For(MethodIds.Byol).Heads with { MatchLewel = true } };

    private static Dictionary<string, Tensor> Under(nn.Module module, string prefix) => module.state_dict()
        .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
        .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);

    [Fact]
    public void Matched_HeadsHaveLewelBsTensorsWithTheSameShapesAndNoBias()
    {
        using var byol = new Byol(Matched());
        using var lewel = new LewelB(TinyConfigs.For(MethodIds.LewelB));
        foreach (var (byolHead, lewelHead) in new[] { ("online.projector.", "online.neck.proj."), ("predictor.", "predictor.") })
        {
            var a = Under(byol, byolHead);
            var b = Under(lewel, lewelHead);
            Assert.Equal(b.Keys.Order(), a.Keys.Order());
            foreach (var (key, tensor) in b) Assert.Equal(tensor.shape, a[key].shape);
            Assert.DoesNotContain(a.Keys, k => k.EndsWith(".bias", StringComparison.Ordinal) && !k.StartsWith("mlp.1.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Matched_SameSeed_GivesTheProjectorLewelBsGlobalProjectorWeights()
    {
        // Both build the online backbone first and the projector g right after it, so the same seed draws the same weights.
        manual_seed(31);
        using var byol = new Byol(Matched());
        manual_seed(31);
        using var lewel = new LewelB(TinyConfigs.For(MethodIds.LewelB));
        var a = Under(byol, "online.projector.");
        var b = Under(lewel, "online.neck.proj.");
        foreach (var (key, tensor) in b)
            Assert.True(tensor.equal(a[key]).all().item<bool>(), $"projector {key} differs");
    }

    [Fact]
    public void Matched_PredictorFollowsLewelBsInitRule()
    {
        using var byol = new Byol(Matched());
        var predictor = Under(byol, "predictor.");
        Assert.IsType<Mlp1d>(byol.named_children().Single(c => c.name == "predictor").module);
        // Kaiming normal, fan_out, ReLU gain: std √(2 / fan_out) with fan_out = out channels × kernel 1.
        foreach (var (key, fanOut) in new[] { ("mlp.0.weight", 64), ("mlp.3.weight", TinyConfigs.Dim) })
        {
            var std = predictor[key].std().item<float>();
            var expected = Math.Sqrt(2.0 / fanOut);
            Assert.InRange(std, expected * 0.8, expected * 1.2);
        }
        Assert.True(predictor["mlp.1.weight"].eq(1).all().item<bool>());
        Assert.True(predictor["mlp.1.bias"].eq(0).all().item<bool>());
    }

    [Fact]
    public void Default_KeepsSoloLearnsLinearHeadsWithBias()
    {
        using var byol = new Byol(TinyConfigs.For(MethodIds.Byol));
        var state = byol.state_dict();
        Assert.Contains("online.projector.0.bias", state.Keys);
        Assert.Contains("predictor.3.bias", state.Keys);
    }

    [Fact]
    public void Matched_TrainsAndItsLossStartsNearFour()
    {
        manual_seed(32);
        using var byol = new Byol(Matched());
        var terms = byol.Loss(TinyConfigs.Images(), TinyConfigs.Images());
        terms.Total.backward();
        Assert.InRange(terms.Total.item<float>(), 2.0, 4.5);
        Assert.All(byol.TrainableParameters(), p => Assert.NotNull(p.Parameter.grad));
    }
}
