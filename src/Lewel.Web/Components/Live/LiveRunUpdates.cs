using System.Collections.Concurrent;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Live;

/// <summary>The live tail of every page: subscribes to the <see cref="RunNotifier"/> only when <see cref="Watch"/> or
/// <see cref="WatchAll"/> is called (pages call them after their first render, which never happens while prerendering),
/// queues the updates, and at most once per <see cref="Throttle"/> hands everything queued to the page's one apply
/// function inside the component's <c>InvokeAsync</c>, then re-renders once.</summary>
public sealed class LiveRunUpdates : IDisposable
{
    public static readonly TimeSpan DefaultThrottle = TimeSpan.FromMilliseconds(250);

    private readonly RunNotifier notifier;
    private readonly Func<Func<Task>, Task> invokeAsync;
    private readonly Func<RunUpdate, Task> apply;
    private readonly Action render;
    private readonly Func<Task>? afterApply;
    private readonly ConcurrentQueue<RunUpdate> queue = new();
    private readonly List<IDisposable> subscriptions = [];
    private readonly Lock gate = new();
    private int flushScheduled;
    private bool disposed;

    /// <param name="invokeAsync">The component's <c>InvokeAsync</c>.</param>
    /// <param name="apply">The page's one place that changes its state from an update; runs inside <c>InvokeAsync</c>.</param>
    /// <param name="render">The component's <c>StateHasChanged</c>, called once per flush.</param>
    /// <param name="afterApply">Runs once per flush, after every queued update was applied and before the render: for a
    /// page that re-reads what it shows once per batch of updates rather than once per update.</param>
    public LiveRunUpdates(RunNotifier notifier, Func<Func<Task>, Task> invokeAsync, Func<RunUpdate, Task> apply, Action render, TimeSpan? throttle = null,
        Func<Task>? afterApply = null)
    {
        this.notifier = notifier;
        this.invokeAsync = invokeAsync;
        this.apply = apply;
        this.render = render;
        this.afterApply = afterApply;
        Throttle = throttle ?? DefaultThrottle;
    }

    public TimeSpan Throttle { get; }

    /// <summary>Updates of this run: its current state first, then each later update once, in order.</summary>
    public void Watch(long runId) => Add(notifier.Subscribe(runId, EnqueueAsync));

    /// <summary>Updates of any run for which <paramref name="relevant"/> holds (no initial state).</summary>
    public void WatchAll(Func<RunUpdate, bool> relevant) => Add(notifier.SubscribeAll(update => relevant(update) ? EnqueueAsync(update) : Task.CompletedTask));

    /// <summary>Ends every subscription (a page that shows another run calls it before watching the new one); updates
    /// still queued are dropped.</summary>
    public void Stop()
    {
        lock (gate)
        {
            foreach (var subscription in subscriptions) subscription.Dispose();
            subscriptions.Clear();
            queue.Clear();
        }
    }

    private void Add(IDisposable subscription)
    {
        lock (gate)
        {
            if (disposed)
            {
                subscription.Dispose();
                return;
            }
            subscriptions.Add(subscription);
        }
    }

    private Task EnqueueAsync(RunUpdate update)
    {
        queue.Enqueue(update);
        if (Interlocked.Exchange(ref flushScheduled, 1) == 0) _ = FlushLaterAsync();
        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(Throttle);
        Interlocked.Exchange(ref flushScheduled, 0);
        if (disposed) return;
        try
        {
            await invokeAsync(async () =>
            {
                var any = false;
                while (!disposed && queue.TryDequeue(out var update))
                {
                    await apply(update);
                    any = true;
                }
                if (!any || disposed) return;
                if (afterApply is not null) await afterApply();
                if (!disposed) render();
            });
        }
        catch (ObjectDisposedException)
        {
            // The page's renderer went away between the update and the flush.
        }
        // An update queued while the flush ran finds flushScheduled 0 and schedules the next one itself.
        if (!queue.IsEmpty && Interlocked.Exchange(ref flushScheduled, 1) == 0) _ = FlushLaterAsync();
    }

    public void Dispose()
    {
        lock (gate) disposed = true;
        Stop();
    }
}
