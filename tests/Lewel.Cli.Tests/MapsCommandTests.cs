using System.Text.Json;

namespace Lewel.Cli.Tests;

[Collection(TinyLewelRunCollection.Name)]
public class MapsCommandTests(TinyLewelRun run)
{
    [Fact]
    public void Maps_WritesHeadPngsAndAJsonDumpOfTheDocumentedShapes()
    {
        var outDir = run.File("maps");
        var dump = run.File("maps.json");
        var result = CliRunner.Run(run.Environment, "maps", "--checkpoint", run.Root, "--image", run.Probe, "--out", outDir, "--dump", dump);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["head0.png", "head1.png", "head2.png", "head3.png", "input.png"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        var json = JsonDocument.Parse(File.ReadAllText(dump)).RootElement;
        var maps = json.GetProperty("alignment_maps");
        Assert.Equal(16, maps.GetArrayLength());                     // K
        Assert.Equal(2, maps[0].GetArrayLength());                   // H (16 px, small stem)
        Assert.Equal(2, maps[0][0].GetArrayLength());                // W
        var sum = maps[5].EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetDouble());
        Assert.Equal(1.0, sum, 5);                                   // after the spatial softmax
        Assert.Equal(16, json.GetProperty("global_embedding").GetArrayLength());
        Assert.Equal(4, json.GetProperty("aligned_embeddings").GetArrayLength());      // K/M
        Assert.Equal(16, json.GetProperty("aligned_embeddings")[0].GetArrayLength());  // K
        Assert.Equal(32, json.GetProperty("backbone_features_pooled").GetArrayLength()); // C
        Assert.Equal(4, json.GetProperty("num_heads").GetInt32());
        Assert.Equal(16, json.GetProperty("input_size").GetInt32());
        Assert.Contains("statistics of the training data set", result.Output);
    }

    [Fact]
    public void Maps_WithoutOutOrDump_SaysWhatToGive()
    {
        var result = CliRunner.Run(run.Environment, "maps", "--checkpoint", run.Root, "--image", run.Probe);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Output);
    }

    [Fact]
    public void Maps_NumHeadsThatDoNotDivideK_IsRejectedByName()
    {
        var result = CliRunner.Run(run.Environment, "maps", "--checkpoint", run.Root, "--image", run.Probe, "--dump", run.File("x.json"), "--num-heads", "3");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("M=3", result.Output);
    }
}
