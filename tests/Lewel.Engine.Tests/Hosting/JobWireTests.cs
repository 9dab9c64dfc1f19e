using Lewel.Engine.Hosting;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Tests.Hosting;

public class JobWireTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<TrainingEvent> Events() => new()
    {
        new RunStarted(At, "/data/runs/7", 200, 8, 40, "cpu", "LEWEL_B") { SkippedDataFiles = ["a.png"] },
        new StepCompleted(At, 41, 5, double.NaN, 1.5, null, 0.01, 0.996, 123.4, 0.001, 0.2),
        new StepCompleted(At, 42, 5, 2.5, 1.5, double.PositiveInfinity, 0.01, 0.996, 123.4, 0.001, 0.2),
        new HealthReport(At, 42, 0.04, 0.088, 0.97, false, null),
        new EpochCompleted(At, 5, 48, 2.1),
        new EvaluationCompleted(At, 48, 5, "knn", new Dictionary<string, string> { ["k"] = "20" }, new Dictionary<string, double> { ["top1"] = 0.42 }, 3.5),
        new MapSnapshot(At, 50, 0, 17, "maps/step50/probe0.npy", ["maps/step50/head0.png"], "o.png", "v1.png", "v2.png",
            [0, 0, 16, 16], [1, 2, 3, 4], true, false, 2),
        new CheckpointWritten(At, 50, "checkpoints/step0000050.ckpt", 12345),
        new LogMessage(At, "warning", "a line with \"quotes\" and\nnewlines"),
        new RunFinished(At, 200, 0.5, 99.5),
        new RunCancelled(At, 60, null),
        new RunFailed(At, 61, "the loss is not finite", "checkpoints/step0000060.ckpt"),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEventCrossesTheWireUnchanged_OnOneLine(TrainingEvent e)
    {
        var line = JobWire.Encode(e);
        Assert.StartsWith(JobWire.Prefix, line);
        Assert.DoesNotContain('\n', line);
        var decoded = JobWire.Decode(line);
        Assert.Null(decoded.Text);
        Assert.Equal(JobWire.Encode(e), JobWire.Encode(decoded.Event!)); // records with collections compare by reference
        Assert.Equal(e.GetType(), decoded.Event!.GetType());
    }

    [Fact]
    public void TheResultCrossesTheWire()
    {
        var decoded = JobWire.Decode(JobWire.Encode(new JobResult(TrainingOutcome.Cancelled, 60, null)));
        Assert.Equal(new JobResult(TrainingOutcome.Cancelled, 60, null), decoded.Result);
    }

    [Theory]
    [InlineData("oneDNN warning: something a native library printed")]
    [InlineData("@lewel {\"type\":\"SomethingNewer\",\"x\":1}")]
    [InlineData("@lewel {not json")]
    public void AnythingElseIsText_NeverAnEvent(string line)
    {
        var decoded = JobWire.Decode(line);
        Assert.Null(decoded.Event);
        Assert.Null(decoded.Result);
        Assert.Contains(line, decoded.Text);
    }

    [Fact]
    public void ASpecNamesExactlyOneJob()
    {
        var spec = new JobSpec { RunId = 3, Pretrain = new PretrainJobSpec("/r/3", "{}") };
        Assert.Equal("pretrain", JobSpec.FromJson(spec.ToJson()).Kind);
        Assert.Throws<FormatException>(() => JobSpec.FromJson("{\"runId\":3}"));
        Assert.Throws<FormatException>(() => JobSpec.FromJson("not json"));
    }
}
