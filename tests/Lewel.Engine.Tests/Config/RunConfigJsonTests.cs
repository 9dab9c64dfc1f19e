using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.Config;

public class RunConfigJsonTests
{
    private static RunConfig StepsOnly() =>
        Presets.For(MethodIds.Byol, Presets.Small) with { Steps = 500, Epochs = null };

    [Fact]
    public void FromJson_StepsWithoutEpochs_KeepsEpochsNull()
    {
        var json = StepsOnly().ToJson();
        var read = RunConfig.FromJson(json);
        Assert.Null(read.Epochs);
        Assert.Equal(500, read.Steps);
        Assert.Equal(json, read.ToJson());
    }

    [Fact]
    public void Resolve_StepsWithoutEpochs_DoesNotTakeThePresetsEpochs()
    {
        var resolved = RunConfigMerger.Resolve(StepsOnly().ToJson());
        Assert.Null(resolved.Epochs);
        Assert.Equal(500, resolved.Steps);
    }

    [Fact]
    public void Resolve_EpochsLeftOut_StillComesFromThePreset()
    {
        var resolved = RunConfigMerger.Resolve("""{"method":"byol","steps":500}""");
        Assert.Equal(Presets.For(MethodIds.Byol, Presets.Small).Epochs, resolved.Epochs);
    }

    /// <summary>A config.json (or a checkpoint's config) written before the aligned queue was sized in steps names a key
    /// count and no steps: it must still load and give the same queue.</summary>
    [Fact]
    public void FromJson_AnOldAlignedQueueSize_StillGivesThatKeyCount()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Presets.For(MethodIds.LewelM, Presets.Small).ToJson())!;
        var moco = json["moco"]!.AsObject();
        moco.Remove("alignedQueueSteps");
        moco["alignedQueueSize"] = 32768;

        var read = RunConfig.FromJson(json.ToJsonString());

        Assert.Equal(32768, read.Moco.AlignedQueueKeys(read.BatchSize, read.Heads.Dim / read.Lewel.NumHeads));
        Assert.Empty(RunConfigValidator.Validate(read));
    }

    [Fact]
    public void Presets_SizeTheAlignedQueueInSteps()
    {
        var small = Presets.For(MethodIds.LewelM, Presets.Small);
        Assert.Null(small.Moco.AlignedQueueSize);
        Assert.DoesNotContain("alignedQueueSize", small.ToJson());
        // 8 steps of 256 images × N = 256 / 4 = 64 aligned keys.
        Assert.Equal(8L * 256 * 64, small.Moco.AlignedQueueKeys(small.BatchSize, small.Heads.Dim / small.Lewel.NumHeads));
        var imageNet = Presets.For(MethodIds.LewelM, Presets.ImageNet);
        Assert.Equal(65536L, imageNet.Moco.AlignedQueueKeys(imageNet.BatchSize, imageNet.Heads.Dim / imageNet.Lewel.NumHeads));
        Assert.Equal(8, RunConfigMerger.Resolve("""{"method":"lewel-m","moco":{"alignedQueueSteps":8}}""").Moco.AlignedQueueSteps);
    }
}
