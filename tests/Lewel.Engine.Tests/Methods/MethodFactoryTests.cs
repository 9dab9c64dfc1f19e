using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

[Collection(SerialTorchCollection.Name)]
public class MethodFactoryTests
{
    [Theory]
    [InlineData(MethodIds.Byol, typeof(Byol))]
    [InlineData(MethodIds.LewelB, typeof(LewelB))]
    [InlineData(MethodIds.MocoV2, typeof(MocoV2))]
    [InlineData(MethodIds.MocoV2Plus, typeof(MocoV2Plus))]
    [InlineData(MethodIds.LewelM, typeof(LewelM))]
    public void Create_BuildsTheNamedMethod(string id, Type type)
    {
        using var method = MethodFactory.Create(TinyConfigs.For(id), CPU);
        Assert.IsType(type, method);
        Assert.Equal(id, method.Id);
        Assert.Same(method, method.Root);
    }

    [Theory]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.LewelM)]
    public void Create_SameSeed_GivesIdenticalWeightsAndQueues(string id)
    {
        manual_seed(7);
        using var first = MethodFactory.Create(TinyConfigs.For(id), CPU);
        manual_seed(7);
        using var second = MethodFactory.Create(TinyConfigs.For(id), CPU);
        var a = first.Root.state_dict();
        var b = second.Root.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, tensor) in a)
            Assert.True(tensor.equal(b[name]).all().item<bool>(), $"{name} differs");
        manual_seed(8);
        using var third = MethodFactory.Create(TinyConfigs.For(id), CPU);
        Assert.False(a["online.backbone.conv1.weight"].equal(third.Root.state_dict()["online.backbone.conv1.weight"]).all().item<bool>());
    }

    [Fact]
    public void Create_InvalidConfig_ThrowsWithEveryBadField()
    {
        var config = TinyConfigs.For(MethodIds.LewelB) with { BatchSize = 0, Lewel = new LewelConfig { NumHeads = 3 } };
        var error = Assert.Throws<ConfigException>(() => MethodFactory.Create(config, CPU));
        Assert.Contains(error.Errors, e => e.Path == "batchSize");
        Assert.Contains(error.Errors, e => e.Path == "lewel.numHeads");
    }
}
