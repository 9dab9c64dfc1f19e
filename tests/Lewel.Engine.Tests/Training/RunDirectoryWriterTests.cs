using System.Text.Json.Nodes;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Tests.Training;

public sealed class RunDirectoryWriterTests : IDisposable
{
    private readonly TempRunRoot temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static StepCompleted Step(int step, double loss, double? aligned = 0.5) =>
        new(Now, step, 0, loss, loss - 0.1, aligned, 0.1, 0.99, 25, 0.001, 0.2);

    private static RunStarted Started(int startStep) => new(Now, "/runs/x", 10, 5, startStep, "cpu", "LEWEL_M (reconstructed from the paper, unverified)");

    [Fact]
    public void OnEvent_Steps_AppendOneMetricsLinePerStepWithTheDocumentedFields()
    {
        var dir = temp.Run("metrics");
        using (var writer = new RunDirectoryWriter(dir))
        {
            writer.OnEvent(Started(0));
            writer.OnEvent(Step(1, 4.0));
            writer.OnEvent(Step(2, 3.0, aligned: null));
        }

        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"step":1,"epoch":0,"loss":4,"loss_global":3.9,"loss_aligned":0.5,"lr":0.1,"momentum":0.99,"img_per_s":25,"data_wait_s":0.001,"compute_s":0.2}""", lines[0]);
        Assert.Null(JsonNode.Parse(lines[1])!["loss_aligned"]);
    }

    [Fact]
    public void OnEvent_ResumedRun_DropsLaterAndTornLinesAndCountsEarlierStepsInTheSummary()
    {
        var dir = temp.Run("resume");
        using (var writer = new RunDirectoryWriter(dir))
        {
            writer.OnEvent(Started(0));
            for (var step = 1; step <= 4; step++) writer.OnEvent(Step(step, step));
        }
        File.AppendAllText(Path.Combine(dir, "metrics.jsonl"), "{\"step\":5,\"epo");

        using (var writer = new RunDirectoryWriter(dir))
        {
            writer.OnEvent(Started(2));
            writer.OnEvent(Step(3, 30));
            writer.OnEvent(new RunFinished(Now, 3, 30, 1.5));
        }

        Assert.Equal([1, 2, 3], File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["step"]!.GetValue<int>()));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("finished", summary["outcome"]!.GetValue<string>());
        Assert.Equal(11.0, summary["meanLoss"]!.GetValue<double>(), 12);
        Assert.Equal(30.0, summary["finalLoss"]!.GetValue<double>());
        Assert.Equal(2, summary["resumedFromStep"]!.GetValue<int>());
        Assert.Contains("reconstructed", summary["methodDescription"]!.GetValue<string>());
    }

    [Fact]
    public void OnEvent_FailureAndWarnings_GoToTheLogAndTheSummary()
    {
        var dir = temp.Run("failed");
        using (var writer = new RunDirectoryWriter(dir))
        {
            writer.OnEvent(Started(0) with { SkippedDataFiles = ["bad.jpg"] });
            writer.OnEvent(new HealthReport(Now, 2, 0.001, 0.0625, 0.99, true, "embedding std 0.001 is below ..."));
            writer.OnEvent(new RunFailed(Now, 3, "the loss is not finite at step 3", "checkpoints/step0000002.ckpt"));
        }

        var log = File.ReadAllText(Path.Combine(dir, "log.txt"));
        Assert.Contains("bad.jpg", log);
        Assert.Contains("WARNING step 2: embedding std", log);
        Assert.Contains("ERROR   failed at step 3: the loss is not finite", log);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("failed", summary["outcome"]!.GetValue<string>());
        Assert.Equal("checkpoints/step0000002.ckpt", summary["checkpoint"]!.GetValue<string>());
        Assert.Equal(["bad.jpg"], summary["skippedDataFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Single(File.ReadAllLines(Path.Combine(dir, "health.jsonl")));
    }

    [Fact]
    public void OnEvent_RankReport_IsAHealthLine_AndItsWarningIsLogged()
    {
        var dir = temp.Run("rank");
        using (var writer = new RunDirectoryWriter(dir))
        {
            writer.OnEvent(Started(0));
            writer.OnEvent(HealthCheck.AssessRank(Now, 8, 0, rankMe: 1.4, samples: 64, dim: 32));
            writer.OnEvent(HealthCheck.AssessRank(Now, 16, 1, rankMe: 13.5, samples: 64, dim: 32));
        }

        var lines = File.ReadAllLines(Path.Combine(dir, "health.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([8, 16], lines.Select(l => l["step"]!.GetValue<int>()));
        Assert.Equal(1.4, lines[0]["rankme"]!.GetValue<double>(), 12);
        Assert.Equal(32, lines[0]["max_rank"]!.GetValue<int>());
        Assert.Equal([true, false], lines.Select(l => l["low_rank_warning"]!.GetValue<bool>()));
        var log = File.ReadAllText(Path.Combine(dir, "log.txt"));
        Assert.Contains("WARNING step 8: the effective rank (RankMe) of the features is 1.4", log);
        Assert.DoesNotContain("step 16: the effective rank", log);
    }
}
