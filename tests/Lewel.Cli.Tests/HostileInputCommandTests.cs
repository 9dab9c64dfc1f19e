using System.Diagnostics;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Tests.TestSupport;

namespace Lewel.Cli.Tests;

/// <summary>Hostile images and checkpoints handed to <c>lewel maps</c>: each a one-line error and exit code 2.</summary>
[Collection(TinyLewelRunCollection.Name)]
public class HostileInputCommandTests(TinyLewelRun run)
{
    private CliRunner.Result Maps(string checkpoint, string image) =>
        CliRunner.Run(run.Environment, "maps", "--checkpoint", checkpoint, "--image", image, "--dump", run.File($"maps-{Guid.NewGuid():N}.json"));

    [Fact]
    public void Maps_ADecompressionBomb_IsRefusedBeforeDecoding()
    {
        var bomb = run.File("bomb.png");
        File.WriteAllBytes(bomb, HostileImages.PngBomb());
        var clock = Stopwatch.StartNew();
        var result = Maps(run.Root, bomb);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("20000×20000 is 400 megapixels, above the limit of 40 megapixels", result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // the process start dominates; decoding took 33 s before
    }

    [Fact]
    public void Maps_ANonImage_SaysWhatItExpected()
    {
        var script = run.File("script.png");
        File.WriteAllBytes(script, HostileImages.NotAnImage());
        var result = Maps(run.Root, script);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not an image (expected PNG, JPEG or WebP)", result.Output);
        Assert.DoesNotContain("Parameter 'codec'", result.Output);
    }

    [Theory]
    [InlineData("imageSize", "100000", "imageSize: 100000 is above the limit of 1024 pixels")]
    [InlineData("dataset", "\"folder:/root/.ssh\"", "dataset: folder: '/root/.ssh' is not under a data root")]
    public void Maps_ARehashedCheckpointWithAHostileConfig_NamesTheCheckpointAndTheField(string field, string json, string expected)
    {
        var edited = run.File($"edited-{field}.ckpt");
        var original = Directory.GetFiles(Path.Combine(run.Root, "checkpoints"), "*.ckpt").Order().Last();
        using (var archive = TensorArchive.Read(original))
        {
            var metadata = JsonNode.Parse(archive.MetadataJson)!;
            metadata["config"]![field] = JsonNode.Parse(json);
            using var file = File.Create(edited);
            TensorArchive.Write(file, metadata.ToJsonString(), archive.Tensors, archive.Blobs);
        }
        var result = Maps(edited, run.Probe);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(edited, result.Output);
        Assert.Contains(expected, result.Output);
    }
}
