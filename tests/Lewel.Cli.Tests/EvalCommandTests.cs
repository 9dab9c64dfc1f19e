using Lewel.Engine.Evaluation;

namespace Lewel.Cli.Tests;

[Collection(TinyLewelRunCollection.Name)]
public class EvalCommandTests(TinyLewelRun run)
{
    [Theory]
    [InlineData("knn", "top1_k200_t0.1")]
    [InlineData("linear", "top5")]
    [InlineData("semi", "top1")]
    [InlineData("dense", "foregroundIoU")]
    [InlineData("localization", "uniformBaseline")]
    public void Eval_OnARunDirectory_PrintsAndWritesTheLabelledResult(string protocol, string valueKey)
    {
        var output = run.File($"{protocol}.json");
        string[] fast = protocol switch
        {
            "linear" or "dense" => ["--epochs", "2"],
            "semi" => ["--epochs", "1", "--fraction", "0.1", "--probe-batch-size", "8"],
            _ => [],
        };
        var result = CliRunner.Run(run.Environment, ["eval", protocol, "--checkpoint", run.Root, "--out", output, "--batch-size", "32", .. fast]);
        Assert.True(result.ExitCode == 0, result.Output);
        var written = EvaluationResult.FromJson(File.ReadAllText(output));
        var expectedName = protocol == "semi" ? "semi-supervised" : protocol;
        Assert.Equal(expectedName, written.Protocol);
        Assert.Equal(TinyLewelRun.Dataset, written.Dataset);
        Assert.EndsWith(".ckpt", written.Checkpoint);
        Assert.Contains(valueKey, written.Values.Keys);
        Assert.All(written.Values.Values, v => Assert.False(double.IsNaN(v)));
        Assert.Contains($"{expectedName} (", result.Output);
    }

    [Fact]
    public void Eval_ForeignCheckpointWithoutDataset_AsksForDataset()
    {
        var export = run.File("bare.safetensors");
        Assert.Equal(0, CliRunner.Run(run.Environment, "export", "--checkpoint", run.Root, "--out", export).ExitCode);
        var result = CliRunner.Run(run.Environment, "eval", "knn", "--checkpoint", export);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dataset", result.Output);
    }

    [Fact]
    public void Eval_MissingCheckpoint_NamesIt()
    {
        var result = CliRunner.Run(run.Environment, "eval", "linear", "--checkpoint", "/nonexistent/run.ckpt", "--dataset", TinyLewelRun.Dataset);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/run.ckpt", result.Output);
    }
}
