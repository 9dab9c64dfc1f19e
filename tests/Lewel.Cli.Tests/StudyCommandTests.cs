using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lewel.Cli.Tests;

/// <summary><c>lewel study</c> end to end on a tiny pair (BYOL + LEWEL_B, ResNet-18 width 1/16, 16 px shapes, 2 steps,
/// 2 seeds, kNN only): the runs, the report, a second invocation that does nothing, a run interrupted mid-way continued
/// with --resume, and a changed plan refused. The random-init reference is off here to keep the test short (its
/// checkpoint: InitialCheckpointTests; its table column: StudyMarkdownTests).</summary>
public class StudyCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "lewel-cli-study-" + Guid.NewGuid().ToString("N"));
    private string Out => Path.Combine(root, "study");
    private IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["Lewel__DataDir"] = Path.Combine(root, "data") };

    private string[] Study(string steps = "2") =>
    [
        "study", "--pair", "byol", "--dataset", "shapes:size=16,n=48,seed=3,test=24", "--width", "0.0625", "--image-size", "16",
        "--steps", steps, "--batch-size", "16", "--device", "cpu", "--threads", "1", "--set", "heads.projectorHidden=32", "--set", "heads.predictorHidden=32",
        "--set", "heads.dim=16", "--set", "lewel.numHeads=4", "--set", "schedule.warmupEpochs=0", "--seed-list", "1,2", "--evals", "knn", "--baseline-random-init", "false",
        "--eval-batch-size", "24", "--out", Out,
    ];

    [Fact]
    public void Study_TrainsBothArmsPerSeed_ReportsTheTable_ThenResumesAndRefusesAChangedPlan()
    {
        var first = CliRunner.Run(Environment, Study());
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("pretrain lewel-b seed 2", first.Output);

        // Identical configurations apart from the method, the seed and the name.
        var byol = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "configs", "byol-seed1.json")))!.AsObject();
        var lewel = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "configs", "lewel-b-seed2.json")))!.AsObject();
        Assert.Equal("byol", byol["method"]!.GetValue<string>());
        Assert.Equal(2, lewel["seed"]!.GetValue<long>());
        foreach (var field in new[] { "method", "seed", "name" }) { byol.Remove(field); lewel.Remove(field); }
        Assert.True(JsonNode.DeepEquals(byol, lewel), $"{byol}\n{lewel}");

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "study.json")));
        var runs = report.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(4, runs.Count); // 2 seeds × (byol, lewel-b)
        Assert.All(runs, r => Assert.Equal("finished", r.GetProperty("outcome").GetString()));
        var top1 = report.RootElement.GetProperty("table").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "knn.top1");
        var arms = top1.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
        Assert.Equal(["byol", "lewel-b"], arms.Keys);
        var byolSeeds = arms["byol"].GetProperty("bySeed");
        var lewelSeeds = arms["lewel-b"].GetProperty("bySeed");
        var mean = (byolSeeds.GetProperty("1").GetDouble() + byolSeeds.GetProperty("2").GetDouble()) / 2;
        Assert.Equal(mean, arms["byol"].GetProperty("summary").GetProperty("mean").GetDouble(), 9);
        var difference = top1.GetProperty("difference").GetProperty("perSeed")[0];
        Assert.Equal(lewelSeeds.GetProperty("1").GetDouble() - byolSeeds.GetProperty("1").GetDouble(), difference.GetProperty("difference").GetDouble(), 9);
        var history = report.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(8, history.Count); // 4 pretrain + 4 kNN, each with its command and wall time
        Assert.StartsWith("lewel pretrain --config ", history[0].GetProperty("command").GetString());
        Assert.True(history[0].GetProperty("wallSeconds").GetDouble() > 0);
        var table = File.ReadAllText(Path.Combine(Out, "study.md"));
        Assert.Contains("| knn.top1 |", table);
        Assert.Contains("lewel-b − byol (paired)", table);
        Assert.Contains("| 2 | lewel-b |", table);

        // The same command again: every step is already done.
        var second = CliRunner.Run(Environment, Study());
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain(" ...\n", second.Output.Replace("\r", ""));
        Assert.Contains("[8/8] eval knn of lewel-b seed 2: already done", second.Output);

        // A run stopped mid-way (checkpoints, no finished summary) and its evaluation are done again, with --resume.
        File.Delete(Path.Combine(Out, "runs", "lewel-b-seed1", "summary.json"));
        File.Delete(Path.Combine(Out, "evals", "lewel-b-seed1", "knn.json"));
        var third = CliRunner.Run(Environment, Study());
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Contains("has checkpoints: resuming", third.Output);
        Assert.Contains("[2/8] pretrain lewel-b seed 1", third.Output);
        Assert.True(File.Exists(Path.Combine(Out, "evals", "lewel-b-seed1", "knn.json")));

        // Another budget for the same directory is refused, naming the field.
        var changed = CliRunner.Run(Environment, Study(steps: "3"));
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("config.steps: 2 → 3", changed.Output);
    }

    [Theory]
    [InlineData("--pair", "simclr", "is not a pair")]
    [InlineData("--seed-list", "1,x", "'x' is not a seed")]
    [InlineData("--evals", "knn,semi", "'semi' is not a study evaluation")]
    [InlineData("--set", "seed=4", "seed: is set per run")]
    public void Study_BadOptions_AreRefusedNamingTheField(string option, string value, string message)
    {
        string[] args = option == "--pair"
            ? ["study", "--pair", value, "--out", Out]
            : ["study", "--pair", "byol", option, value, "--dataset", "shapes:size=16,n=48,seed=3", "--steps", "2", "--out", Out];
        var result = CliRunner.Run(Environment, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output);
        Assert.False(Directory.Exists(Out));
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
