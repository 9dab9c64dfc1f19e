using Lewel.Web.Components.Live;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Components;

public class LiveRunUpdatesTests
{
    [Fact]
    public async Task Watch_AppliesTheStateThenABurstOfUpdatesInOrder_InsideInvokeAsync_WithOneRenderPerFlush()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        var applied = new List<long>();
        var insideInvoke = false;
        var appliedOutsideInvoke = 0;
        var renders = 0;
        var rendered = new TaskCompletionSource();
        Task InvokeAsync(Func<Task> work)
        {
            lock (applied)
            {
                insideInvoke = true;
                try { work().GetAwaiter().GetResult(); } finally { insideInvoke = false; }
            }
            return Task.CompletedTask;
        }
        Task Apply(RunUpdate update)
        {
            if (!insideInvoke) appliedOutsideInvoke++;
            applied.Add(update.Sequence);
            return Task.CompletedTask;
        }
        using var live = new LiveRunUpdates(services.Notifier, InvokeAsync, Apply, () =>
        {
            renders++;
            if (applied.Count >= 21) rendered.TrySetResult();
        }, TimeSpan.FromMilliseconds(300));

        live.Watch(run.Id);
        for (var step = 1; step <= 20; step++)
            await services.Notifier.PublishAsync(new MetricsAppended(run.Id, step, 100, [new MetricPointDto("loss", step, 0, 1.0 / step, DateTime.UtcNow)]));
        await rendered.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(Enumerable.Range((int)applied[0], 21).Select(i => (long)i), applied);
        Assert.Equal(0, appliedOutsideInvoke);
        // 21 updates within about one throttle interval: far fewer renders than updates.
        Assert.InRange(renders, 1, 3);
    }

    [Fact]
    public async Task AfterApply_RunsOncePerFlush_AfterEveryUpdateOfTheBatch_BeforeTheRender()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        var events = new List<string>();
        var rendered = new TaskCompletionSource();
        using var live = new LiveRunUpdates(services.Notifier, work => work(), u => { lock (events) events.Add("apply"); return Task.CompletedTask; },
            () => { lock (events) events.Add("render"); rendered.TrySetResult(); }, TimeSpan.FromMilliseconds(300),
            () => { lock (events) events.Add("after"); return Task.CompletedTask; });

        live.WatchAll(u => u.RunId == run.Id);
        for (var step = 1; step <= 5; step++)
            await services.Notifier.PublishAsync(new MetricsAppended(run.Id, step, 100, []));
        await rendered.Task.WaitAsync(TimeSpan.FromSeconds(15));

        lock (events) Assert.Equal(["apply", "apply", "apply", "apply", "apply", "after", "render"], events);
    }

    [Fact]
    public async Task NothingIsSubscribedBeforeWatch_AndNothingIsAppliedAfterDispose()
    {
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        var applied = 0;
        var live = new LiveRunUpdates(services.Notifier, work => work(), _ => { applied++; return Task.CompletedTask; }, () => { },
            TimeSpan.FromMilliseconds(50));
        await services.Notifier.PublishAsync(new MetricsAppended(run.Id, 1, 100, []));
        await Task.Delay(200);
        Assert.Equal(0, applied);

        live.Dispose();
        live.Watch(run.Id);
        await services.Notifier.PublishAsync(new MetricsAppended(run.Id, 2, 100, []));
        await Task.Delay(200);
        Assert.Equal(0, applied);
    }
}
