using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Data.Tests.TestSupport;

namespace Lewel.Data.Tests.Stores;

public class RunStoreTests
{
    /// <summary>SQLite here; <see cref="PostgresRunStoreTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync();

    [Fact]
    public async Task CreateAsync_ThenGet_RoundTripsEveryField()
    {
        await using var store = await CreateStoreAsync();
        var spec = Runs.New("baseline", "byol", tags: ["cifar", "paired"], notes: "first try", pairingKey: "pk1") with { CodeVersion = "abc123" };
        var created = await store.Runs.CreateAsync(spec);

        var run = await store.Runs.GetAsync(created.Id, withHistory: true);
        Assert.Equal($"runs/{created.Id}", run.RunDir);
        Assert.Equal("baseline", run.Name);
        Assert.Equal(RunKind.Pretrain, run.Kind);
        Assert.Equal("byol", run.Method);
        Assert.Equal(spec.ConfigJson, run.ConfigJson);
        Assert.Equal("shapes:size=16,n=64", run.Dataset);
        Assert.Equal("resnet18", run.Backbone);
        Assert.Equal(7, run.Seed);
        Assert.Equal("cpu", run.Device);
        Assert.Equal("cpu", run.Queue);
        Assert.Equal(100, run.TotalSteps);
        Assert.Equal(["cifar", "paired"], run.Tags);
        Assert.Equal("first try", run.Notes);
        Assert.Equal("pk1", run.PairingKey);
        Assert.Equal("abc123", run.CodeVersion);
        Assert.Equal(DateTimeKind.Utc, run.CreatedAt.Kind);
        Assert.Equal(created.ExecutionToken, run.ExecutionToken);
        Assert.Equal(RunStatus.Queued, Assert.Single(run.History).Status);
    }

    [Fact]
    public async Task CreateAsync_AfterDeletingTheNewestRun_NeverReusesItsId()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.Runs.CreateAsync(Runs.New());
        Assert.True(await store.Runs.DeleteAsync(first.Id));
        var second = await store.Runs.CreateAsync(Runs.New());
        Assert.True(second.Id > first.Id);
    }

    [Fact]
    public async Task UpdateAsync_TransitionsArePersistedWithHistory()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        await store.Runs.UpdateAsync(run.Id, (r, now) => r.Start(run.ExecutionToken, "box", now));
        await store.Runs.UpdateAsync(run.Id, (r, now) => r.Interrupt("interrupted by shutdown at step 5", now));
        var token = (await store.Runs.UpdateAsync(run.Id, (r, now) => r.Requeue("queued again to resume", now))).Result;

        var loaded = await store.Runs.GetAsync(run.Id, withHistory: true);
        Assert.Equal(RunStatus.Queued, loaded.Status);
        Assert.Equal(token, loaded.ExecutionToken);
        Assert.Equal("box", loaded.Host);
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Interrupted, RunStatus.Queued], loaded.History.Select(h => h.Status));
    }

    [Fact]
    public async Task UpdateAsync_IllegalTransition_ThrowsAndChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        var run = await store.Runs.CreateAsync(Runs.New());
        await Assert.ThrowsAsync<InvalidRunTransitionException>(() => store.Runs.UpdateAsync(run.Id, (r, now) => r.Succeed(1, now)));
        Assert.Equal(RunStatus.Queued, (await store.Runs.GetAsync(run.Id)).Status);
    }

    [Fact]
    public async Task UpdateAsync_RacingCancelAndStart_EndInOneConsistentState()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 10; i++)
        {
            var run = await store.Runs.CreateAsync(Runs.New());
            var start = Task.Run(() => Try(() => store.Runs.UpdateAsync(run.Id, (r, now) => r.Start(run.ExecutionToken, "h", now))));
            var cancel = Task.Run(() => Try(() => store.Runs.UpdateAsync(run.Id, (r, now) =>
            {
                if (r.Status == RunStatus.Queued) r.Cancel("cancelled while queued", now);
                else r.RequestCancel();
            })));
            await Task.WhenAll(start, cancel);
            var loaded = await store.Runs.GetAsync(run.Id, withHistory: true);
            // Either the cancel won (cancelled, start refused) or the start won (running, asked to stop).
            if (loaded.Status == RunStatus.Cancelled) Assert.False(start.Result);
            else Assert.True(loaded is { Status: RunStatus.Running, CancelRequested: true });
            Assert.Equal(2, loaded.History.Count);
        }
    }

    [Fact]
    public async Task UpdateAsync_UnknownRun_ThrowsRunNotFound()
    {
        await using var store = await CreateStoreAsync();
        var e = await Assert.ThrowsAsync<RunNotFoundException>(() => store.Runs.UpdateAsync(404, (r, _) => r.RequestCancel()));
        Assert.Contains("404", e.Message);
    }

    [Fact]
    public async Task ListAsync_FiltersByStatusMethodTagAndTextAndPages()
    {
        await using var store = await CreateStoreAsync();
        var a = await store.Runs.CreateAsync(Runs.New("Alpha baseline", "byol", tags: ["x"]));
        var b = await store.Runs.CreateAsync(Runs.New("beta", "lewel-b", tags: ["x", "y"], notes: "100% aligned"));
        var c = await store.Runs.CreateAsync(Runs.New("gamma", "lewel-b", tags: ["y"]));
        await store.Runs.UpdateAsync(c.Id, (r, now) => r.Cancel("no", now));

        Assert.Equal([c.Id], Ids(await store.Runs.ListAsync(new RunFilter { Status = RunStatus.Cancelled })));
        Assert.Equal([c.Id, b.Id], Ids(await store.Runs.ListAsync(new RunFilter { Method = "lewel-b" })));
        Assert.Equal([b.Id, a.Id], Ids(await store.Runs.ListAsync(new RunFilter { Tag = "x" })));
        Assert.Equal([a.Id], Ids(await store.Runs.ListAsync(new RunFilter { Text = "ALPHA" })));
        Assert.Equal([b.Id], Ids(await store.Runs.ListAsync(new RunFilter { Text = "100%" })));
        Assert.Empty(Ids(await store.Runs.ListAsync(new RunFilter { Text = "_" })));

        var page = await store.Runs.ListAsync(new RunFilter { Skip = 1, Take = 1 });
        Assert.Equal(3, page.Total);
        Assert.Equal([b.Id], Ids(page));
    }

    [Fact]
    public async Task FindOrphansAsync_ReturnsInterruptedAndStaleRunningRunsOnly()
    {
        await using var store = await CreateStoreAsync();
        var fresh = await store.Runs.CreateAsync(Runs.New());
        var stale = await store.Runs.CreateAsync(Runs.New());
        var interrupted = await store.Runs.CreateAsync(Runs.New());
        await store.Runs.CreateAsync(Runs.New()); // queued: not an orphan
        foreach (var r in new[] { fresh, stale, interrupted })
            await store.Runs.UpdateAsync(r.Id, (x, now) => x.Start(r.ExecutionToken, "h", now));
        await store.Runs.UpdateAsync(interrupted.Id, (x, now) => x.Interrupt("shutdown", now));
        var batch = new RunBatch(fresh.Id) { Progress = (3, 100) };
        await store.Writer.WriteAsync(batch, store.Runs.UtcNow.AddMinutes(10));

        var orphans = await store.Runs.FindOrphansAsync(store.Runs.UtcNow.AddMinutes(1));
        Assert.Equal([stale.Id, interrupted.Id], orphans.Select(o => o.Id));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheRunAndEverythingRecordedForIt()
    {
        await using var store = await CreateStoreAsync();
        var keep = await store.Runs.CreateAsync(Runs.New());
        var run = await store.Runs.CreateAsync(Runs.New());
        var child = await store.Runs.CreateAsync(Runs.New() with { ParentRunId = run.Id });
        foreach (var id in new[] { keep.Id, run.Id })
        {
            var batch = new RunBatch(id);
            batch.Metrics.Add(new MetricSample("loss", 1, 0, 4.0, DateTime.UtcNow));
            batch.Checkpoints.Add(new CheckpointRecord(id, $"runs/{id}/checkpoints/step1.ckpt", 1, 10, DateTime.UtcNow));
            batch.Evaluations.Add(new EvaluationResult(id, "knn", "{}", "{\"top1\":0.5}", 1, 0, null, 0.1, DateTime.UtcNow));
            batch.Snapshots.Add(Snapshot(id, 1, 0));
            await store.Writer.WriteAsync(batch, DateTime.UtcNow);
        }

        Assert.True(await store.Runs.DeleteAsync(run.Id));

        Assert.Null(await store.Runs.FindAsync(run.Id));
        Assert.Empty(await store.Metrics.NamesAsync(run.Id));
        Assert.Empty(await store.Artifacts.CheckpointsAsync(run.Id));
        Assert.Empty(await store.Artifacts.EvaluationsAsync(run.Id));
        Assert.Empty(await store.Artifacts.SnapshotsAsync(run.Id));
        Assert.Null((await store.Runs.GetAsync(child.Id)).ParentRunId);
        Assert.Equal(["loss"], await store.Metrics.NamesAsync(keep.Id));
        Assert.Single(await store.Artifacts.CheckpointsAsync(keep.Id));
        Assert.False(await store.Runs.DeleteAsync(run.Id));
    }

    internal static MapSnapshotRecord Snapshot(long runId, int step, int probe) =>
        new(runId, step, probe, 40 + probe, 2, [$"runs/{runId}/maps/{step}/probe{probe}_head0.png", $"runs/{runId}/maps/{step}/probe{probe}_head1.png"],
            $"runs/{runId}/maps/{step}/probe{probe}_original.png", $"runs/{runId}/maps/{step}/probe{probe}_view1.png",
            $"runs/{runId}/maps/{step}/probe{probe}_view2.png", $"runs/{runId}/maps/{step}/probe{probe}_maps.bin",
            [0f, 1.5f, 10f, 12f], [2f, 0f, 16f, 16f], true, false, DateTime.UtcNow);

    private static long[] Ids(RunPage page) => [.. page.Items.Select(r => r.Id)];

    private static async Task<bool> Try(Func<Task> action)
    {
        try { await action(); return true; }
        catch (InvalidRunTransitionException) { return false; }
    }
}
