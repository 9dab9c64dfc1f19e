using System.Text.Json;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Interop;
using Lewel.Engine.Models.Backbones;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

public class ResNetArchitectureTests
{
    [Fact]
    public void ExpectedShapes_AtWidthOneWithImageNetStem_EqualTorchvisionsStateDicts()
    {
        string[] ids = ["resnet18", "resnet34", "resnet50"];
        var json = PythonReference.Run("lewel_reference.py", ["torchvision-keys", "--arch", .. ids]);
        var all = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, long[]>>>(json)!;
        foreach (var id in ids)
        {
            var torchvision = all[id];
            var ours = ResNetArchitecture.For(ResNetSpec.Get(id), 1.0, ResNetStem.ImageNet).ExpectedShapes();
            Assert.Equal(torchvision.Keys.Order(), ours.Select(k => k.Key).Order());
            foreach (var (key, shape) in ours) Assert.True(torchvision[key].SequenceEqual(shape), $"{id} {key}: {string.Join(",", shape)}");
        }
    }

    [Theory]
    [InlineData("resnet18", 0.125, ResNetStem.Small)]
    [InlineData("resnet34", 0.0625, ResNetStem.ImageNet)]
    [InlineData("resnet50", 0.0625, ResNetStem.Small)]
    public void ExpectedShapes_EqualTheEngineResNetsStateDict(string id, double width, ResNetStem stem)
    {
        using var resnet = new ResNet(ResNetSpec.Get(id), width, stem);
        var engine = resnet.state_dict();
        var ours = ResNetArchitecture.For(ResNetSpec.Get(id), width, stem).ExpectedShapes();
        Assert.Equal(engine.Keys.Order(), ours.Select(k => k.Key).Order());
        foreach (var (key, shape) in ours) Assert.True(engine[key].shape.SequenceEqual(shape), key);
    }

    [Theory]
    [InlineData("resnet18", 0.125, ResNetStem.Small)]
    [InlineData("resnet34", 0.0625, ResNetStem.ImageNet)]
    [InlineData("resnet50", 0.0625, ResNetStem.Small)]
    public void Infer_OnTheExpectedShapes_GivesTheArchitectureBack(string id, double width, ResNetStem stem)
    {
        var architecture = ResNetArchitecture.For(ResNetSpec.Get(id), width, stem);
        var weights = Zeros(architecture.ExpectedShapes());
        var inferred = ResNetArchitecture.Infer(weights, "test");
        Assert.Same(architecture.Spec, inferred.Spec);
        Assert.Equal(architecture.StagePlanes, inferred.StagePlanes);
        Assert.Equal(stem, inferred.Stem);
        Assert.Equal(width, inferred.Width, 6);
        inferred.CheckBuildable("test");
        foreach (var t in weights.Values) t.Dispose();
    }

    [Fact]
    public void Infer_WithAMisShapedKey_NamesTheKeyAndBothShapes()
    {
        var weights = Zeros(Small18().ExpectedShapes());
        weights["layer2.1.conv2.weight"].Dispose();
        weights["layer2.1.conv2.weight"] = zeros(16, 16, 1, 1);
        var error = Assert.Throws<CheckpointException>(() => ResNetArchitecture.Infer(weights, "ckpt.pth"));
        Assert.Contains("ckpt.pth", error.Message);
        Assert.Contains("'layer2.1.conv2.weight' has shape [16, 16, 1, 1] but [16, 16, 3, 3] is expected", error.Message);
    }

    [Fact]
    public void Infer_WithAMissingKey_NamesIt()
    {
        var weights = Zeros(Small18().ExpectedShapes());
        weights.Remove("layer3.0.downsample.1.running_var");
        var error = Assert.Throws<CheckpointException>(() => ResNetArchitecture.Infer(weights, "ckpt.pth"));
        Assert.Contains("missing key 'layer3.0.downsample.1.running_var'", error.Message);
    }

    [Fact]
    public void Infer_WithUnsupportedBlockCounts_SaysWhichCountsItFound()
    {
        var weights = Zeros(Small18().ExpectedShapes().Where(k => !k.Key.StartsWith("layer4.1.")));
        var error = Assert.Throws<CheckpointException>(() => ResNetArchitecture.Infer(weights, "ckpt.pth"));
        Assert.Contains("[2, 2, 2, 1]", error.Message);
    }

    [Fact]
    public void CheckBuildable_NonUniformWidths_SaysWhatTheMultiplierWouldGive()
    {
        var odd = Small18() with { StagePlanes = [8, 16, 40, 64] };
        var error = Assert.Throws<CheckpointException>(() => odd.CheckBuildable("x.pth"));
        Assert.Contains("[8, 16, 40, 64]", error.Message);
        Assert.Contains("[8, 16, 32, 64]", error.Message);
    }

    private static ResNetArchitecture Small18() => ResNetArchitecture.For(ResNetSpec.ResNet18, 0.125, ResNetStem.Small);

    internal static Dictionary<string, Tensor> Zeros(IEnumerable<(string Key, long[] Shape)> shapes) =>
        shapes.ToDictionary(s => s.Key, s => zeros(s.Shape));
}
