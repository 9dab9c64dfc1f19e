using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Data.Tests.TestSupport;

namespace Lewel.Data.Tests.Stores;

public class RunBatchWriterTests
{
    /// <summary>SQLite here; <see cref="PostgresRunBatchWriterTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync();

    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task WriteAsync_SameStepTwice_KeepsOnePointWithTheLatestValue()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        var first = new RunBatch(run.Id);
        for (var step = 1; step <= 5; step++) first.Metrics.Add(new MetricSample("loss", step, 0, 5 - step * 0.1, T0.AddSeconds(step)));
        await store.Writer.WriteAsync(first, T0);
        var replay = new RunBatch(run.Id);
        replay.Metrics.Add(new MetricSample("loss", 4, 1, 9.5, T0.AddSeconds(40)));
        await store.Writer.WriteAsync(replay, T0);

        var series = (await store.Metrics.SeriesAsync(run.Id, ["loss"]))["loss"];
        Assert.Equal([1, 2, 3, 4, 5], series.Select(p => p.Step));
        Assert.Equal(9.5, series[3].Value);
        Assert.Equal(1, series[3].Epoch);
        Assert.Equal(T0.AddSeconds(40), series[3].Time);
    }

    [Fact]
    public async Task WriteAsync_NonFiniteValues_RoundTrip()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        var batch = new RunBatch(run.Id);
        batch.Metrics.Add(new MetricSample("loss", 1, 0, double.NaN, T0));
        batch.Metrics.Add(new MetricSample("loss", 2, 0, double.PositiveInfinity, T0));
        await store.Writer.WriteAsync(batch, T0);

        var series = (await store.Metrics.SeriesAsync(run.Id, ["loss", "absent"]));
        Assert.True(double.IsNaN(series["loss"][0].Value));
        Assert.Equal(double.PositiveInfinity, series["loss"][1].Value);
        Assert.Empty(series["absent"]);
    }

    [Fact]
    public async Task WriteAsync_RecordsRoundTripAndRepeatedSnapshotsReplaceEachOther()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        var batch = new RunBatch(run.Id);
        batch.Evaluations.Add(new EvaluationResult(run.Id, "knn", "{\"k\":\"20\"}", "{\"top1\":0.41}", 50, 2, "runs/1/checkpoints/step50.ckpt", 1.25, T0));
        batch.Checkpoints.Add(new CheckpointRecord(run.Id, $"runs/{run.Id}/checkpoints/latest.ckpt", 50, 1234, T0));
        batch.Snapshots.Add(RunStoreTests.Snapshot(run.Id, 50, 0));
        batch.Snapshots.Add(RunStoreTests.Snapshot(run.Id, 50, 1));
        await store.Writer.WriteAsync(batch, T0);
        var again = new RunBatch(run.Id);
        again.Checkpoints.Add(new CheckpointRecord(run.Id, $"runs/{run.Id}/checkpoints/latest.ckpt", 60, 999, T0.AddMinutes(1)));
        again.Snapshots.Add(RunStoreTests.Snapshot(run.Id, 50, 1));
        await store.Writer.WriteAsync(again, T0);

        var evaluation = Assert.Single(await store.Artifacts.EvaluationsAsync(run.Id));
        Assert.Equal(("knn", "{\"k\":\"20\"}", "{\"top1\":0.41}", 50, 2, 1.25), (evaluation.Protocol, evaluation.ParametersJson,
            evaluation.ValuesJson, evaluation.Step, evaluation.Epoch, evaluation.WallSeconds));
        var checkpoint = Assert.Single(await store.Artifacts.CheckpointsAsync(run.Id));
        Assert.Equal((999L, "latest.ckpt"), (checkpoint.Bytes, checkpoint.FileName));
        var snapshots = await store.Artifacts.SnapshotsAsync(run.Id);
        Assert.Equal([0, 1], snapshots.Select(s => s.ProbeIndex));
        var s0 = snapshots[0];
        Assert.Equal(2, s0.HeadPngPaths.Count);
        Assert.Equal([0f, 1.5f, 10f, 12f], s0.View1Box);
        Assert.True(s0.View1Flipped);
        Assert.False(s0.View2Flipped);
        Assert.Equal(40, s0.DatasetIndex);
        Assert.EndsWith("_maps.bin", s0.RawMapsPath);
    }

    [Fact]
    public async Task WriteAsync_Progress_UpdatesStepAndHeartbeatOfARunningRunAndReportsCancelRequests()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        await store.Runs.UpdateAsync(run.Id, (r, now) => r.Start(run.ExecutionToken, "h", now));

        Assert.False(await store.Writer.WriteAsync(new RunBatch(run.Id) { Progress = (7, 90) }, T0));
        var loaded = await store.Runs.GetAsync(run.Id);
        Assert.Equal((7, 90, T0), (loaded.Step, loaded.TotalSteps, loaded.HeartbeatAt!.Value));

        await store.Runs.UpdateAsync(run.Id, (r, _) => r.RequestCancel());
        Assert.True(await store.Writer.WriteAsync(new RunBatch(run.Id) { Progress = (8, 0) }, T0));
        Assert.Equal((8, 90), ((await store.Runs.GetAsync(run.Id)).Step, (await store.Runs.GetAsync(run.Id)).TotalSteps));
    }

    [Fact]
    public async Task ForgetAfterStepAsync_DropsOnlyWhatCameAfterTheCheckpoint()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        var batch = new RunBatch(run.Id);
        for (var step = 1; step <= 10; step++) batch.Metrics.Add(new MetricSample("loss", step, 0, step, T0));
        batch.Evaluations.Add(new EvaluationResult(run.Id, "knn", "{}", "{}", 4, 0, null, 0, T0));
        batch.Evaluations.Add(new EvaluationResult(run.Id, "knn", "{}", "{}", 8, 0, null, 0, T0));
        batch.Snapshots.Add(RunStoreTests.Snapshot(run.Id, 5, 0));
        batch.Snapshots.Add(RunStoreTests.Snapshot(run.Id, 9, 0));
        await store.Writer.WriteAsync(batch, T0);

        await store.Writer.ForgetAfterStepAsync(run.Id, 6);

        Assert.Equal([1, 2, 3, 4, 5, 6], (await store.Metrics.SeriesAsync(run.Id, ["loss"]))["loss"].Select(p => p.Step));
        Assert.Equal([4], (await store.Artifacts.EvaluationsAsync(run.Id)).Select(e => e.Step));
        Assert.Equal([5], (await store.Artifacts.SnapshotsAsync(run.Id)).Select(e => e.Step));
    }

    [Fact]
    public async Task LatestAsync_ReturnsTheLastPointOfEachSeries()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        var other = await store.Runs.CreateAsync(Runs.New());
        var batch = new RunBatch(run.Id);
        for (var step = 1; step <= 3; step++) batch.Metrics.Add(new MetricSample("loss", step, 0, 10 - step, T0));
        batch.Metrics.Add(new MetricSample("knn.top1", 2, 0, 0.3, T0));
        await store.Writer.WriteAsync(batch, T0);
        var otherBatch = new RunBatch(other.Id);
        otherBatch.Metrics.Add(new MetricSample("loss", 99, 0, 1, T0));
        await store.Writer.WriteAsync(otherBatch, T0);

        var latest = await store.Metrics.LatestAsync(run.Id);
        Assert.Equal(2, latest.Count);
        Assert.Equal((3, 7.0), (latest["loss"].Step, latest["loss"].Value));
        Assert.Equal((2, 0.3), (latest["knn.top1"].Step, latest["knn.top1"].Value));
    }
}
