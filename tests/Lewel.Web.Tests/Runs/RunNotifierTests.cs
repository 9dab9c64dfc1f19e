using System.Collections.Concurrent;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Runs;

public class RunNotifierTests
{
    private static MetricsAppended Metrics(long runId, int step) =>
        new(runId, step, 1000, [new MetricPointDto("loss", step, 0, 4.0 - step * 1e-3, DateTime.UtcNow)]);

    [Fact]
    public async Task Subscribe_FirstDeliversTheStoredStateThenLiveUpdatesInOrder()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        var stored = new RunBatch(run.Id);
        stored.Metrics.Add(new MetricSample("loss", 1, 0, 3.5, DateTime.UtcNow));
        stored.Snapshots.Add(new MapSnapshotRecord(run.Id, 1, 0, 7, 2, ["runs/1/maps/1/p0_h0.png"], "runs/1/o.png", "runs/1/v1.png",
            "runs/1/v2.png", "runs/1/m.bin", [0, 0, 8, 8], [1, 1, 9, 9], false, true, DateTime.UtcNow));
        await services.Writer.WriteAsync(stored, DateTime.UtcNow);

        var received = new BlockingCollection<RunUpdate>();
        using var subscription = services.Notifier.Subscribe(run.Id, u => { received.Add(u); return Task.CompletedTask; });
        var state = Assert.IsType<RunState>(Take(received));
        Assert.Equal(RunStatus.Queued, state.Status);
        Assert.Equal(3.5, state.LatestMetrics["loss"].Value);
        Assert.Equal("/files/runs/1/maps/1/p0_h0.png", Assert.Single(state.Snapshots).HeadPngUrls[0]);

        await services.Notifier.PublishAsync(Metrics(run.Id, 2));
        await services.Notifier.PublishAsync(new RunStatusChanged(run.Id, RunStatus.Running, 2, 1000, null, "running"));
        var first = Assert.IsType<MetricsAppended>(Take(received));
        var second = Assert.IsType<RunStatusChanged>(Take(received));
        Assert.Equal(state.Sequence + 1, first.Sequence);
        Assert.Equal(state.Sequence + 2, second.Sequence);
        Assert.Equal(2, (await services.Notifier.GetStateAsync(run.Id)).LatestMetrics["loss"].Step);
    }

    [Fact]
    public async Task Subscribe_WhilePublishing_MissesNothingAndRepeatsNothing()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        const int updates = 2000;
        await services.Notifier.PublishAsync(Metrics(run.Id, 0)); // the run's state is now in memory

        var publisher = Task.Run(async () =>
        {
            for (var step = 1; step <= updates; step++) await services.Notifier.PublishAsync(Metrics(run.Id, step));
        });
        await Task.Delay(5);
        var received = new ConcurrentQueue<RunUpdate>();
        using var subscription = services.Notifier.Subscribe(run.Id, u => { received.Enqueue(u); return Task.CompletedTask; });
        await publisher;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.LastOrDefault()?.Sequence != updates + 1 && DateTime.UtcNow < deadline) await Task.Delay(10);

        var all = received.ToArray();
        var state = Assert.IsType<RunState>(all[0]);
        var live = all.Skip(1).Select(u => u.Sequence).ToArray();
        Assert.Equal(Enumerable.Range((int)state.Sequence + 1, updates + 1 - (int)state.Sequence).Select(i => (long)i), live);
        Assert.Equal((int)state.Sequence - 1, state.LatestMetrics["loss"].Step);
    }

    [Fact]
    public async Task SubscribeAll_ReceivesEveryRunsUpdatesButNoState()
    {
        await using var services = await StoreServices.CreateAsync();
        var a = await services.CreateRunAsync();
        var b = await services.CreateRunAsync();
        var received = new BlockingCollection<RunUpdate>();
        using (services.Notifier.SubscribeAll(u => { received.Add(u); return Task.CompletedTask; }))
        {
            await services.Notifier.PublishAsync(Metrics(a.Id, 1));
            await services.Notifier.PublishAsync(Metrics(b.Id, 1));
            Assert.Equal(a.Id, Take(received).RunId);
            Assert.Equal(b.Id, Take(received).RunId);
        }
        await services.Notifier.PublishAsync(Metrics(a.Id, 2));
        Assert.False(received.TryTake(out _, 200), "no update after the subscription was disposed");
    }

    [Fact]
    public async Task Subscribe_ThrowingHandler_DoesNotStopLaterUpdates()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        var received = new BlockingCollection<RunUpdate>();
        using var subscription = services.Notifier.Subscribe(run.Id, u =>
        {
            received.Add(u);
            if (u is MetricsAppended { Step: 1 }) throw new InvalidOperationException("handler bug");
            return Task.CompletedTask;
        });
        Take(received);
        await services.Notifier.PublishAsync(Metrics(run.Id, 1));
        await services.Notifier.PublishAsync(Metrics(run.Id, 2));
        Assert.Equal(1, ((MetricsAppended)Take(received)).Step);
        Assert.Equal(2, ((MetricsAppended)Take(received)).Step);
    }

    [Fact]
    public async Task GetStateAsync_UnknownRun_ThrowsRunNotFound()
    {
        await using var services = await StoreServices.CreateAsync();
        await Assert.ThrowsAsync<RunNotFoundException>(() => services.Notifier.GetStateAsync(12345));
    }

    private static RunUpdate Take(BlockingCollection<RunUpdate> received)
    {
        Assert.True(received.TryTake(out var update, TimeSpan.FromSeconds(10)), "no update arrived");
        return update!;
    }
}
