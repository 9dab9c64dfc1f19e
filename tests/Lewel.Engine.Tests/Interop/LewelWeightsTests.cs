using Lewel.Engine.Checkpoints;
using Lewel.Engine.Interop;
using Lewel.Engine.Models.Backbones;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

[Collection(OfficialCheckpointsCollection.Name)]
public class LewelWeightsTests(OfficialCheckpoints official)
{
    [Theory]
    [InlineData("r18.pth")]
    [InlineData("r18.safetensors")]
    public void Read_OfficialLayout_InfersDepthWidthAndK(string name)
    {
        using var weights = LewelWeights.Read(official.File(name));
        Assert.Same(CheckpointLayout.OfficialLewel, weights.Layout);
        Assert.Same(ResNetSpec.ResNet18, weights.BackboneArchitecture.Spec);
        Assert.Equal(0.125, weights.BackboneArchitecture.Width);
        Assert.Equal(ResNetStem.Small, weights.BackboneArchitecture.Stem);
        Assert.Equal(new LewelNeckArchitecture(64, 32, 16), weights.NeckArchitecture);
        Assert.Equal(7, weights.Backbone["bn1.num_batches_tracked"].item<long>());
        Assert.DoesNotContain(weights.Backbone.Keys, k => k.StartsWith("target_net") || k.StartsWith("module."));
    }

    [Fact]
    public void Read_OfficialBottleneckWithImageNetStem_InfersResNet50()
    {
        using var weights = LewelWeights.Read(official.File("r50.pth"));
        Assert.Same(ResNetSpec.ResNet50, weights.BackboneArchitecture.Spec);
        Assert.Equal(ResNetStem.ImageNet, weights.BackboneArchitecture.Stem);
        Assert.Equal(128, weights.BackboneArchitecture.OutChannels);
        Assert.Equal(new LewelNeckArchitecture(128, 16, 8), weights.NeckArchitecture);
    }

    [Fact]
    public void Read_TorchvisionBackboneWithFc_IgnoresFcAndHasNoNeck()
    {
        using var dir = new TempDirectory();
        var shapes = ResNetArchitecture.For(ResNetSpec.ResNet18, 0.125, ResNetStem.ImageNet).ExpectedShapes()
            .Append(("fc.weight", new long[] { 10, 64 })).Append(("fc.bias", new long[] { 10 }));
        var tensors = ResNetArchitectureTests.Zeros(shapes);
        StateDictFile.Write(dir.File("tv.safetensors"), tensors, StateDictFormat.Safetensors);
        foreach (var t in tensors.Values) t.Dispose();
        using var weights = LewelWeights.Read(dir.File("tv.safetensors"));
        Assert.Same(CheckpointLayout.Torchvision, weights.Layout);
        Assert.Null(weights.Neck);
        Assert.DoesNotContain("fc.weight", weights.Backbone.Keys);
    }

    [Fact]
    public void Read_NeckWithAWrongShape_NamesTheKey()
    {
        var shapes = ResNetArchitecture.For(ResNetSpec.ResNet18, 0.125, ResNetStem.Small).ExpectedShapes().Select(s => ("online_net.backbone." + s.Key, s.Shape))
            .Concat(new LewelNeckArchitecture(64, 32, 16).ExpectedShapes().Select(s => ("online_net.neck." + s.Key,
                s.Key == "proj_obj.mlp.3.weight" ? new long[] { 16, 31, 1 } : s.Shape)));
        using var sd = new StateDict();
        foreach (var (key, shape) in shapes) sd.Add(key, zeros(shape));
        var error = Assert.Throws<CheckpointException>(() => LewelWeights.FromStateDict(sd, "x.pth"));
        Assert.Contains("'proj_obj.mlp.3.weight' has shape [16, 31, 1] but [16, 32, 1] is expected", error.Message);
    }

    [Fact]
    public void Read_FileWithoutAResNet_SaysWhichStemKeysItLookedFor()
    {
        using var dir = new TempDirectory();
        StateDictFile.Write(dir.File("other.safetensors"), new Dictionary<string, Tensor> { ["encoder.weight"] = zeros(3) }, StateDictFormat.Safetensors);
        var error = Assert.Throws<CheckpointException>(() => LewelWeights.Read(dir.File("other.safetensors")));
        Assert.Contains("'online_net.backbone.conv1.weight'", error.Message);
        Assert.Contains("'encoder.weight'", error.Message);
    }
}
