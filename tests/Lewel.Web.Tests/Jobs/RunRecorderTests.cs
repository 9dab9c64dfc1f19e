using System.Collections.Concurrent;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Training.Events;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lewel.Web.Tests.Jobs;

public class RunRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly RecorderOptions Fast = new(TimeSpan.FromMilliseconds(50));

    private static async Task<Run> StartedRunAsync(StoreServices services)
    {
        var run = await services.CreateRunAsync();
        return await services.Runs.UpdateAsync(run.Id, (r, now) => r.Start(run.ExecutionToken, "test", now));
    }

    private static RunRecorder Recorder(StoreServices services, Run run, Action? onCancel = null) =>
        new(run.Id, run.RunDir, services.Directory, services.Writer, services.Runs, services.Notifier, onCancel ?? (() => { }), Fast,
            TimeProvider.System, NullLogger.Instance);

    private static StepCompleted Step(int step, double loss) =>
        new(T0.AddSeconds(step), step, 0, loss, loss / 2, loss / 2, 0.1 * step, 0.99, 500, 0.001, 0.01);

    [Fact]
    public async Task Events_AreStoredWithDataRelativePathsAndPublishedAfterwards()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await StartedRunAsync(services);
        var published = new ConcurrentQueue<RunUpdate>();
        using var subscription = services.Notifier.Subscribe(run.Id, u => { published.Enqueue(u); return Task.CompletedTask; });

        await using (var recorder = Recorder(services, run))
        {
            recorder.OnEvent(new RunStarted(T0, "/ignored", 10, 5, 0, "cpu", "LEWEL_B"));
            for (var step = 1; step <= 3; step++) recorder.OnEvent(Step(step, 4 - step * 0.1));
            recorder.OnEvent(new HealthReport(T0, 3, 0.05, 0.0625, 0.93, false, "embedding std is low"));
            recorder.OnEvent(new RankReport(T0, 3, 0, 1.4, 32, 64, 32, true, "the effective rank is low"));
            recorder.OnEvent(new EvaluationCompleted(T0, 3, 0, "knn", new Dictionary<string, string> { ["k"] = "20" },
                new Dictionary<string, double> { ["top1"] = 0.42 }, 0.5));
            recorder.OnEvent(new MapSnapshot(T0, 3, 1, 17, "maps/3/probe1_maps.bin", ["maps/3/probe1_head0.png", "maps/3/probe1_head1.png"],
                "maps/3/probe1_original.png", "maps/3/probe1_view1.png", "maps/3/probe1_view2.png", [0, 0, 16, 16], [2, 2, 10, 10], false, true, 2));
            recorder.OnEvent(new CheckpointWritten(T0, 3, "checkpoints/step3.ckpt", 4096));
            recorder.OnEvent(new LogMessage(T0, "info", "hello"));
            recorder.OnEvent(new RunFinished(T0, 3, 3.7, 1.5));
            Assert.Equal(3, recorder.LastStep);
        }

        var series = await services.Metrics.SeriesAsync(run.Id, ["loss", "lossAligned", "learningRate", "embeddingStd", "knn.top1", "rankMe", "rankMeMax", "lowRankWarning"]);
        Assert.Equal((1.4, 32.0, 1.0), (Assert.Single(series["rankMe"]).Value, Assert.Single(series["rankMeMax"]).Value, Assert.Single(series["lowRankWarning"]).Value));
        Assert.Equal([3.9, 3.8, 3.7], series["loss"].Select(p => Math.Round(p.Value, 10)));
        Assert.Equal(3, series["lossAligned"].Count);
        Assert.Equal(0.3, series["learningRate"][2].Value, 12);
        Assert.Equal(0.05, Assert.Single(series["embeddingStd"]).Value);
        Assert.Equal(0.42, Assert.Single(series["knn.top1"]).Value);
        var evaluation = Assert.Single(await services.Artifacts.EvaluationsAsync(run.Id));
        Assert.Equal(("knn", "{\"k\":\"20\"}", "{\"top1\":0.42}"), (evaluation.Protocol, evaluation.ParametersJson, evaluation.ValuesJson));
        var snapshot = Assert.Single(await services.Artifacts.SnapshotsAsync(run.Id));
        Assert.Equal($"runs/{run.Id}/maps/3/probe1_head1.png", snapshot.HeadPngPaths[1]);
        Assert.Equal($"runs/{run.Id}/maps/3/probe1_maps.bin", snapshot.RawMapsPath);
        Assert.Equal((1, 17, true), (snapshot.ProbeIndex, snapshot.DatasetIndex, snapshot.View2Flipped));
        var checkpoint = Assert.Single(await services.Artifacts.CheckpointsAsync(run.Id));
        Assert.Equal(($"runs/{run.Id}/checkpoints/step3.ckpt", 4096L), (checkpoint.RelativePath, checkpoint.Bytes));
        var stored = await services.Runs.GetAsync(run.Id);
        Assert.Equal((3, 10), (stored.Step, stored.TotalSteps));
        Assert.NotNull(stored.HeartbeatAt);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!published.Any(u => u is LogLinesAppended l && l.Lines.Any(x => x.Text.StartsWith("finished"))) && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        var updates = published.ToArray();
        Assert.IsType<RunState>(updates[0]);
        Assert.Equal(3, updates.OfType<MetricsAppended>().SelectMany(m => m.Points).Count(p => p.Name == "loss"));
        Assert.Equal($"/files/runs/{run.Id}/maps/3/probe1_view1.png", Assert.Single(updates.OfType<SnapshotAdded>()).Snapshot.View1PngUrl);
        Assert.Equal(0.42, Assert.Single(updates.OfType<EvaluationAdded>()).Evaluation.Values["top1"]);
        Assert.Equal("step3.ckpt", Assert.Single(updates.OfType<CheckpointAdded>()).Checkpoint.Name);
        var lines = updates.OfType<LogLinesAppended>().SelectMany(l => l.Lines).Select(l => l.Text).ToList();
        Assert.Contains("hello", lines);
        Assert.Contains(lines, l => l.Contains("embedding std is low"));
        Assert.Equal(updates.Select(u => u.Sequence), updates.Select(u => u.Sequence).Order());
    }

    [Fact]
    public async Task RunStarted_FromACheckpoint_DropsLaterRowsAndRecordsTheResume()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await StartedRunAsync(services);
        var lost = new RunBatch(run.Id);
        for (var step = 1; step <= 10; step++) lost.Metrics.Add(new MetricSample("loss", step, 0, 10 - step, T0.UtcDateTime));
        await services.Writer.WriteAsync(lost, T0.UtcDateTime);

        await using (var recorder = Recorder(services, run))
        {
            recorder.OnEvent(new RunStarted(T0, "/ignored", 12, 4, 6, "cpu", "LEWEL_B"));
            recorder.OnEvent(Step(7, 1.5));
        }

        var loss = (await services.Metrics.SeriesAsync(run.Id, ["loss"]))["loss"];
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], loss.Select(p => p.Step));
        Assert.Equal(1.5, loss[^1].Value);
        var history = (await services.Runs.GetAsync(run.Id, withHistory: true)).History;
        Assert.Equal("resumed at step 6", history[^1].Message);
    }

    [Fact]
    public async Task Evaluation_WithANonFiniteValue_IsStoredAndReadBack()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await StartedRunAsync(services);
        await using (var recorder = Recorder(services, run))
        {
            recorder.OnEvent(new EvaluationCompleted(T0, 2, 0, "linear", new Dictionary<string, string>(),
                new Dictionary<string, double> { ["top1"] = double.NaN, ["loss"] = double.PositiveInfinity }, 0.1));
        }
        var dto = EvaluationDto.From(Assert.Single(await services.Artifacts.EvaluationsAsync(run.Id)));
        Assert.True(double.IsNaN(dto.Values["top1"]));
        Assert.Equal(double.PositiveInfinity, dto.Values["loss"]);
        Assert.True(double.IsNaN(Assert.Single((await services.Metrics.SeriesAsync(run.Id, ["linear.top1"]))["linear.top1"]).Value));
    }

    [Fact]
    public async Task Flush_WhenTheStoreSaysCancelRequested_CallsBack()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await StartedRunAsync(services);
        await services.Runs.UpdateAsync(run.Id, (r, _) => r.RequestCancel());
        var cancelled = new TaskCompletionSource();
        await using var recorder = Recorder(services, run, () => cancelled.TrySetResult());
        recorder.OnEvent(Step(1, 4));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
