using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Interop;
using Lewel.Engine.Methods;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Training.Optim;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

/// <summary>Checkpoints an attacker or an accident could hand to eval, maps, resume or the inspect page: each is a
/// <see cref="CheckpointException"/> naming the file and the reason, never a crash.</summary>
[Collection(SerialTorchCollection.Name)]
public class HostileCheckpointTests
{
    [Fact]
    public void Load_ARehashedCheckpointWhoseConfigHasImageSize100000_NamesTheCheckpointAndTheField()
    {
        using var dir = new TempDirectory();
        var path = Rewritten(dir, config => config["imageSize"] = 100_000);
        var e = Assert.Throws<CheckpointException>(() => CheckpointModel.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("embedded run configuration is not valid: imageSize: 100000 is above the limit of 1024 pixels", e.Message);
    }

    [Fact]
    public void Load_ARehashedCheckpointWhoseConfigPointsAtRootSsh_IsRefusedWithoutTouchingThePath()
    {
        using var dir = new TempDirectory();
        var path = Rewritten(dir, config => config["dataset"] = "folder:/root/.ssh");
        var roots = new DataRoots([dir.Path]);
        var e = Assert.Throws<CheckpointException>(() => CheckpointModel.Load(path, new CheckpointLoadOptions { DataRoots = roots }));
        Assert.Contains(path, e.Message);
        Assert.Contains("dataset: folder: '/root/.ssh' is not under a data root", e.Message);
    }

    [Fact]
    public void Load_ARehashedCheckpointWithANaNInItsConfig_NamesTheField()
    {
        using var dir = new TempDirectory();
        var path = Rewritten(dir, config => config["lewel"]!["scale"] = -1);
        Assert.Contains("lewel.scale", Assert.Throws<CheckpointException>(() => CheckpointModel.Load(path)).Message);
    }

    [Fact]
    public void Load_ATruncatedPthZip_IsAClearError()
    {
        using var dir = new TempDirectory();
        var whole = dir.File("whole.pth");
        EngineCheckpoint.Write(whole, new ResNet(ResNetSpec.ResNet18, 0.0625, ResNetStem.Small), null, seed: 1);
        var bytes = File.ReadAllBytes(whole);
        var truncated = dir.File("truncated.pth");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => CheckpointModel.Load(truncated));
        Assert.IsType<CheckpointException>(e);
        Assert.Contains(truncated, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{' })]   // a header length of 2^63
    [InlineData(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, (byte)'n', (byte)'o', (byte)'t', (byte)' ', (byte)'j', (byte)'s', (byte)'o', (byte)'n' })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}' })]                 // valid, but no tensors
    public void Load_ABadSafetensorsHeader_IsAClearError(byte[] bytes)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsAny<Exception>(() => CheckpointModel.Load(path));
        Assert.IsType<CheckpointException>(e);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_AnEmptyFile_IsAClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.pth");
        File.WriteAllBytes(path, []);
        var e = Assert.ThrowsAny<Exception>(() => CheckpointModel.Load(path));
        Assert.IsType<CheckpointException>(e);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_ACheckpointOfAnotherArchitecture_SaysWhatItLookedFor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("vit.safetensors");
        StateDictFile.Write(path, [KeyValuePair.Create("blocks.0.attn.qkv.weight", randn(48, 16)), KeyValuePair.Create("cls_token", zeros(1, 1, 16))],
            StateDictFile.FormatForExtension(path));
        var e = Assert.ThrowsAny<Exception>(() => CheckpointModel.Load(path));
        Assert.IsType<CheckpointException>(e);
        Assert.Contains(path, e.Message);
    }

    /// <summary>A real engine checkpoint of a tiny LEWEL_B run, its metadata's run config edited and the file
    /// re-hashed (the archive writer computes the SHA-256 anew), as someone with write access could do.</summary>
    private static string Rewritten(TempDirectory dir, Action<JsonNode> edit)
    {
        manual_seed(3);
        var config = TinyConfigs.For(MethodIds.LewelB);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        var store = new CheckpointStore(Path.Combine(dir.Path, "checkpoints"));
        var metadata = new CheckpointMetadata
        {
            Step = 1, Epoch = 0, BatchInEpoch = 1, TotalSteps = 1, StepsPerEpoch = 1, MethodId = method.Id,
            MethodDescription = method.Description, Optimizer = optimizer.Name, Final = true, Config = config,
        };
        var original = store.Write(metadata, method.Root, optimizer).Path;
        var target = dir.File("edited.ckpt");
        using (var archive = TensorArchive.Read(original))
        {
            var json = JsonNode.Parse(archive.MetadataJson)!;
            edit(json["config"]!);
            using var file = File.Create(target);
            TensorArchive.Write(file, json.ToJsonString(), archive.Tensors, archive.Blobs);
        }
        return target;
    }
}
