using System.Text.Json;
using Lewel.Engine.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

public class ResNetSpecTests
{
    [Theory]
    [InlineData(18)]
    [InlineData(50)]
    public void ExpectedShapes_AtWidthOneWithImageNetStem_EqualTorchvisionsStateDict(int depth)
    {
        var json = PythonReference.Run("lewel_reference.py", "torchvision-keys", "--arch", $"resnet{depth}");
        var torchvision = JsonSerializer.Deserialize<Dictionary<string, long[]>>(json)!;
        var ours = ResNetSpec.For(depth, 1.0, ResNetSpec.ImageNetStem).ExpectedShapes();
        Assert.Equal(torchvision.Keys.Order(), ours.Select(k => k.Key).Order());
        foreach (var (key, shape) in ours) Assert.True(torchvision[key].SequenceEqual(shape), $"{key}: {string.Join(",", shape)}");
    }

    [Theory]
    [InlineData(18, 0.125, "small")]
    [InlineData(34, 0.0625, "imagenet")]
    [InlineData(50, 0.0625, "small")]
    public void Infer_OnTheExpectedShapes_GivesTheSpecBack(int depth, double width, string stem)
    {
        var spec = ResNetSpec.For(depth, width, stem);
        var weights = Zeros(spec.ExpectedShapes());
        var inferred = ResNetSpec.Infer(weights, "test");
        Assert.Equal(spec.Depth, inferred.Depth);
        Assert.Equal(spec.StemChannels, inferred.StemChannels);
        Assert.Equal(spec.StagePlanes, inferred.StagePlanes);
        Assert.Equal(stem, inferred.Stem);
        Assert.Equal(width, inferred.Width, 6);
        foreach (var t in weights.Values) t.Dispose();
    }

    [Fact]
    public void Infer_WithAMisShapedKey_NamesTheKeyAndBothShapes()
    {
        var weights = Zeros(ResNetSpec.For(18, 0.125, "small").ExpectedShapes());
        weights["layer2.1.conv2.weight"].Dispose();
        weights["layer2.1.conv2.weight"] = zeros(16, 16, 1, 1);
        var error = Assert.Throws<CheckpointException>(() => ResNetSpec.Infer(weights, "ckpt.pth"));
        Assert.Contains("ckpt.pth", error.Message);
        Assert.Contains("'layer2.1.conv2.weight' has shape [16, 16, 1, 1] but [16, 16, 3, 3] is expected", error.Message);
    }

    [Fact]
    public void Infer_WithAMissingKey_NamesIt()
    {
        var weights = Zeros(ResNetSpec.For(18, 0.125, "small").ExpectedShapes());
        weights.Remove("layer3.0.downsample.1.running_var");
        var error = Assert.Throws<CheckpointException>(() => ResNetSpec.Infer(weights, "ckpt.pth"));
        Assert.Contains("missing key 'layer3.0.downsample.1.running_var'", error.Message);
    }

    [Fact]
    public void Infer_WithUnsupportedBlockCounts_SaysWhichCountsItFound()
    {
        var weights = Zeros(ResNetSpec.For(18, 0.125, "small").ExpectedShapes().Where(k => !k.Key.StartsWith("layer4.1.")));
        var error = Assert.Throws<CheckpointException>(() => ResNetSpec.Infer(weights, "ckpt.pth"));
        Assert.Contains("[2, 2, 2, 1]", error.Message);
    }

    internal static Dictionary<string, Tensor> Zeros(IEnumerable<(string Key, long[] Shape)> shapes) =>
        shapes.ToDictionary(s => s.Key, s => zeros(s.Shape));
}
