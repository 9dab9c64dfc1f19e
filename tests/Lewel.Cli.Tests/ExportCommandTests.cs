using Lewel.Engine.Interop;

namespace Lewel.Cli.Tests;

[Collection(TinyLewelRunCollection.Name)]
public class ExportCommandTests(TinyLewelRun run)
{
    [Theory]
    [InlineData("backbone.safetensors")]
    [InlineData("backbone.pt")]
    public void Export_WritesTheBackboneWithTorchvisionNames(string name)
    {
        var path = run.File(name);
        var result = CliRunner.Run(run.Environment, "export", "--checkpoint", run.Root, "--out", path);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("needs changes before loading", result.Output);  // width 1/16 and the small stem
        using var written = StateDictFile.Read(path);
        Assert.Contains("layer4.1.bn2.running_var", written.Keys);
        Assert.DoesNotContain(written.Keys, k => k.StartsWith("online.") || k.StartsWith("neck") || k.StartsWith("fc."));
    }

    [Fact]
    public void Export_UnknownExtension_IsRejectedBeforeLoading()
    {
        var result = CliRunner.Run(run.Environment, "export", "--checkpoint", run.Root, "--out", run.File("b.onnx"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".onnx", result.Output);
    }
}
