using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

[Collection(SerialTorchCollection.Name)]
public class ByolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void InitialLoss_IsAboutFour(int seed)
    {
        manual_seed(seed);
        using var method = new Byol(TinyConfigs.WithWideHeads(MethodIds.Byol));
        var loss = method.Loss(TinyConfigs.Images(16), TinyConfigs.Images(16)).Total.item<float>();
        Assert.InRange(loss, 3.7, 4.3);
    }

    [Fact]
    public void Loss_IsSymmetricInTheViews()
    {
        using var method = new Byol(TinyConfigs.For(MethodIds.Byol));
        var a = TinyConfigs.Images();
        var b = TinyConfigs.Images();
        Assert.Equal(method.Loss(a, b).Total.item<float>(), method.Loss(b, a).Total.item<float>(), 4);
    }

    [Fact]
    public void StateDict_HasSoloLearnHeadLayout()
    {
        using var method = new Byol(TinyConfigs.For(MethodIds.Byol));
        var keys = method.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "online.projector.0.weight", "online.projector.1.running_mean", "online.projector.3.bias",
                     "target.projector.3.weight", "predictor.0.weight", "predictor.3.bias" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("target.predictor", StringComparison.Ordinal));
    }
}
