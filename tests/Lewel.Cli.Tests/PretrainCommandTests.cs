namespace Lewel.Cli.Tests;

public sealed class PretrainCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "lewel-cli-pretrain-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private CliRunner.Result Lewel(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string> { ["Lewel__DataDir"] = Path.Combine(root, "data") }, args);

    [Fact]
    public void Pretrain_InvalidField_IsRefusedWithExitCode2NamingTheFieldBeforeAnyWork()
    {
        var run = Path.Combine(root, "bad");
        var result = Lewel("pretrain", "--method", "lewel-b", "--dataset", "shapes:size=16,n=64,seed=1", "--steps", "2",
            "--set", "lewel.numHeads=3", "--out", run);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lewel.numHeads", result.Output);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Pretrain_UnknownMethodAndMisspelledField_AreBothNamed()
    {
        var result = Lewel("pretrain", "--method", "simclr", "--set", "optimiser.baseLr=1", "--out", Path.Combine(root, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("optimiser", result.Output);
    }

    [Fact]
    public void Pretrain_WithoutOut_AsksForIt()
    {
        var result = Lewel("pretrain", "--method", "byol");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out is required", result.Output);
    }

    [Fact]
    public void Pretrain_ResumeOfAFolderThatIsNoRun_IsRefused()
    {
        var result = Lewel("pretrain", "--resume", Path.Combine(root, "nothing-here"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a run directory", result.Output);
    }

    [Fact]
    public void Pretrain_ResumeWithOtherOptions_IsRefused()
    {
        var result = Lewel("pretrain", "--resume", root, "--steps", "10");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("saved configuration", result.Output);
        Assert.Contains("steps", result.Output);
    }

    [Fact]
    public void Help_ListsPretrainAndItsOptions()
    {
        var result = Lewel("pretrain", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--method", "--dataset", "--width", "--image-size", "--epochs", "--steps", "--batch-size", "--device", "--seed", "--config", "--set", "--out", "--resume" })
            Assert.Contains(option, result.Output);
    }
}
