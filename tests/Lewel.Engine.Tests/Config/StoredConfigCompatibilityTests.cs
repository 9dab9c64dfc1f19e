using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Tests.Config;

/// <summary>Before official MoCo v2 existed, "mocov2" was the symmetric variant: stored configurations and checkpoints of
/// that time are read as mocov2plus, keyed on the absence of moco.bnSplits.</summary>
public class StoredConfigCompatibilityTests
{
    /// <summary>A configuration as written before moco.bnSplits existed.</summary>
    private static JsonObject OldConfig(string method)
    {
        var node = JsonNode.Parse(Presets.For(MethodIds.MocoV2Plus, Presets.Small).ToJson())!.AsObject();
        node["method"] = method;
        node["moco"]!.AsObject().Remove("bnSplits");
        return node;
    }

    [Fact]
    public void FromJson_OldMocoV2Config_IsReadAsMocoV2Plus()
    {
        var config = RunConfig.FromJson(OldConfig("mocov2").ToJsonString());
        Assert.Equal(MethodIds.MocoV2Plus, config.Method);
        Assert.Equal(32768, config.Moco.QueueSize);
    }

    [Fact]
    public void RunDirectory_OldMocoV2ConfigJson_IsReadAsMocoV2Plus()
    {
        var root = Path.Combine(Path.GetTempPath(), $"lewel-old-moco-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "config.json"), OldConfig("mocov2").ToJsonString());
            Assert.Equal(MethodIds.MocoV2Plus, new Lewel.Engine.Training.RunDirectory(root).ReadConfig().Method);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FromJson_NewMocoV2Config_StaysOfficialMocoV2()
    {
        var written = Presets.For(MethodIds.MocoV2, Presets.Small).ToJson();
        Assert.Contains("\"bnSplits\": 8", written);
        Assert.Equal(MethodIds.MocoV2, RunConfig.FromJson(written).Method);
    }

    [Theory]
    [InlineData("byol")]
    [InlineData("lewel-m")]
    public void FromJson_OldConfigsOfOtherMethods_KeepTheirMethod(string method) =>
        Assert.Equal(method, RunConfig.FromJson(OldConfig(method).ToJsonString()).Method);

    [Fact]
    public void FromJson_OldConfigWithoutAMocoSection_IsReadAsMocoV2Plus() =>
        Assert.Equal(MethodIds.MocoV2Plus, RunConfig.FromJson("""{"Method":"mocov2","batchSize":64}""").Method);

    [Fact]
    public void Merger_AUsersMocoV2WithoutBnSplits_IsOfficialMocoV2()
    {
        var config = RunConfigMerger.Resolve("""{"method":"mocov2","moco":{"queueSize":4096}}""");
        Assert.Equal((MethodIds.MocoV2, 8), (config.Method, config.Moco.BnSplits));
    }

    [Fact]
    public void CheckpointMetadata_OfAnOldMocoV2Run_NamesMocoV2PlusInBothPlaces()
    {
        var metadata = new CheckpointMetadata
        {
            Step = 4, Epoch = 1, BatchInEpoch = 0, TotalSteps = 8, StepsPerEpoch = 4, MethodId = "mocov2",
            MethodDescription = "MoCo V2+ (solo-learn: symmetric, one queue per view)", Optimizer = OptimizerIds.Sgd,
            Config = Presets.For(MethodIds.MocoV2Plus, Presets.Small),
        };
        var node = JsonNode.Parse(JsonSerializer.Serialize(metadata, RunConfig.Json))!.AsObject();
        node["config"] = OldConfig("mocov2");

        var read = CheckpointMetadata.FromJson(node.ToJsonString())!;
        Assert.Equal((MethodIds.MocoV2Plus, MethodIds.MocoV2Plus), (read.MethodId, read.Config.Method));
        Assert.Equal(4, read.Step);
    }

    [Fact]
    public void CheckpointMetadata_OfANewMocoV2Run_IsUnchanged()
    {
        var metadata = new CheckpointMetadata
        {
            Step = 1, Epoch = 0, BatchInEpoch = 1, TotalSteps = 8, StepsPerEpoch = 4, MethodId = "mocov2",
            MethodDescription = "MoCo v2", Optimizer = OptimizerIds.Sgd, Config = Presets.For(MethodIds.MocoV2, Presets.Small),
        };
        var read = CheckpointMetadata.FromJson(JsonSerializer.Serialize(metadata, RunConfig.Json))!;
        Assert.Equal((MethodIds.MocoV2, MethodIds.MocoV2), (read.MethodId, read.Config.Method));
    }
}
