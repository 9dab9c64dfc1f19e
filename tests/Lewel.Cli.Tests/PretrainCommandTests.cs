using System.Diagnostics;
using System.Text.Json.Nodes;

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
    public void Pretrain_UnknownMethod_ListsBothMocoVariants()
    {
        var result = Lewel("pretrain", "--method", "moco", "--out", Path.Combine(root, "moco"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'moco' is not a method", result.Output);
        Assert.Contains("mocov2, mocov2plus", result.Output);
    }

    [Fact]
    public void Pretrain_MocoV2WithBnSplitsThatDoNotDivideTheBatch_IsRefusedNamingTheField()
    {
        var result = Lewel("pretrain", "--method", "mocov2", "--batch-size", "12", "--set", "moco.bnSplits=8", "--out", Path.Combine(root, "split"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("moco.bnSplits", result.Output);
    }

    [Fact]
    public void Pretrain_OfficialLewelBRecipeOnAnotherMethod_IsRefusedNamingThePreset()
    {
        var run = Path.Combine(root, "official-byol");
        var result = Lewel("pretrain", "--method", "byol", "--preset", "lewel-b-official-100ep", "--out", run);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("preset", result.Output);
        Assert.Contains("lewel-b only", result.Output);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Pretrain_UnknownLrRule_IsRefusedNamingTheField()
    {
        var result = Lewel("pretrain", "--method", "lewel-b", "--dataset", "shapes:size=16,n=64,seed=1", "--steps", "2",
            "--set", "optimizer.lrRule=sqrt", "--out", Path.Combine(root, "lr"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("optimizer.lrRule", result.Output);
        Assert.Contains("linear, absolute", result.Output);
    }

    [Fact]
    public void Pretrain_Help_ListsTheOfficialRecipe()
    {
        var result = Lewel("pretrain", "--help");
        Assert.Contains("lewel-b-official-100ep", result.Output);
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

    /// <summary>A tiny run on the generated shapes set: ResNet-18 at width 1/16, 16 px, batch 8, K = 16, M = 4.</summary>
    private static string[] TinyRun(string method, int steps, string outDir) =>
    [
        "pretrain", "--method", method, "--dataset", "shapes:size=16,n=32,seed=2,test=8", "--width", "0.0625", "--image-size", "16",
        "--steps", steps.ToString(), "--batch-size", "8", "--device", "cpu", "--seed", "3", "--threads", "1",
        "--set", "heads.projectorHidden=32", "--set", "heads.dim=16", "--set", "heads.predictorHidden=32",
        "--set", "moco.queueSize=16", "--set", "moco.alignedQueueSize=64", "--set", "schedule.warmupEpochs=0",
        "--set", "monitor.probeIndices=[0]", "--set", "monitor.checkpointEverySteps=2", "--out", outDir,
    ];

    private static List<JsonNode> Metrics(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();

    [Theory]
    [InlineData("byol")]
    [InlineData("lewel-b")]
    [InlineData("mocov2")]
    [InlineData("mocov2plus")]
    [InlineData("lewel-m")]
    public void Pretrain_TinyShapesRun_WritesEveryStepAndASummary(string method)
    {
        var run = Path.Combine(root, method);
        var result = Lewel(TinyRun(method, 3, run));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("finished 3 steps", result.Output);
        var metrics = Metrics(run);
        Assert.Equal([1, 2, 3], metrics.Select(m => m["step"]!.GetValue<int>()));
        var lewel = method.StartsWith("lewel", StringComparison.Ordinal);
        Assert.All(metrics, m =>
        {
            foreach (var key in new[] { "epoch", "loss", "loss_global", "lr", "momentum", "img_per_s", "data_wait_s", "compute_s" })
                Assert.NotNull(m[key]);
            Assert.Equal(lewel, m["loss_aligned"] is not null);
        });
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal("finished", summary["outcome"]!.GetValue<string>());
        Assert.Equal(method, summary["method"]!.GetValue<string>());
        Assert.Equal("checkpoints/step0000003.ckpt", summary["checkpoint"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(run, "config.json")));
        Assert.Equal(lewel, Directory.Exists(Path.Combine(run, "maps", "0000003")));
    }

    [Fact]
    public void Pretrain_InterruptedWithCtrlC_SavesACheckpointAndResumesToTheEnd()
    {
        var run = Path.Combine(root, "interrupted");
        using var process = StartUntilFirstStep(TinyRun("lewel-m", 30, run), run, out var output, out var errors);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "lewel did not stop after Ctrl+C");

        Assert.True(process.ExitCode == 130, output.Result + errors.Result);
        Assert.Contains("cancelled at step", output.Result);
        var stoppedAt = Metrics(run).Count;
        Assert.InRange(stoppedAt, 1, 29);
        Assert.Equal("cancelled", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["outcome"]!.GetValue<string>());

        var resumed = Lewel("pretrain", "--resume", run);

        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains($"resuming at step {stoppedAt} of 30", resumed.Output);
        Assert.Equal(Enumerable.Range(1, 30), Metrics(run).Select(m => m["step"]!.GetValue<int>()));
    }

    /// <summary>A CLI run inside a long step ends at once on SIGTERM, and on a second Ctrl+C, well before the step
    /// could finish; a first Ctrl+C alone waits for the step and checkpoints (the test above).</summary>
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void Pretrain_InsideALongStep_SigtermOrASecondCtrlCExitAtOnce(string signal, int exitCode)
    {
        var run = Path.Combine(root, "long-" + signal);
        // ResNet-18 at half width, 48 px, batch 32, on one thread: about a second or more per step.
        string[] args = ["pretrain", "--method", "byol", "--dataset", "shapes:size=48,n=64,seed=2,test=8", "--width", "0.5",
            "--image-size", "48", "--batch-size", "32", "--steps", "1000", "--threads", "1", "--device", "cpu",
            "--set", "monitor.knnEveryEpochs=0", "--out", run];
        using var process = StartUntilFirstStep(args, run, out var output, out var errors);
        void Send(string name) { using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString()]); kill.WaitForExit(); }
        try
        {
            var metrics = Path.Combine(run, "metrics.jsonl");
            Assert.True(File.Exists(metrics), "no step within the time allowed");
            var stepSeconds = JsonNode.Parse(File.ReadAllLines(metrics)[0])!["compute_s"]!.GetValue<double>();
            if (signal == "INT")
            {
                Send("INT"); // asks for a checkpoint after the current step
                Thread.Sleep(200);
            }
            var sent = Stopwatch.StartNew();
            Send(signal);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"lewel did not exit on SIG{signal}");
            Assert.True(sent.Elapsed.TotalSeconds < Math.Max(1.0, stepSeconds / 2),
                $"SIG{signal} took {sent.Elapsed.TotalSeconds:0.00} s to end a run whose steps take {stepSeconds:0.00} s");
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
        Assert.True(process.ExitCode == exitCode, $"exit {process.ExitCode}: " + output.Result + errors.Result);
        Assert.Single(Metrics(run));
    }

    /// <summary>Starts <c>lewel</c> and waits (bounded) until the run has written its first step.</summary>
    private Process StartUntilFirstStep(string[] args, string run, out Task<string> output, out Task<string> errors)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lewel.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Lewel__DataDir"] = Path.Combine(root, "data");
        var process = Process.Start(start)!;
        output = process.StandardOutput.ReadToEndAsync();
        errors = process.StandardError.ReadToEndAsync();
        var metrics = Path.Combine(run, "metrics.jsonl");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length >= 1) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
            Thread.Sleep(20);
        return process;
    }
}
