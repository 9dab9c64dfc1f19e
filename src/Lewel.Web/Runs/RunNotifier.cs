using System.Collections.Concurrent;
using Lewel.Data.Entities;
using Lewel.Data.Stores;

namespace Lewel.Web.Runs;

/// <summary>In-process publish/subscribe of run updates. Jobs publish after they stored what they publish; Blazor
/// components subscribe directly, the SignalR hub through <see cref="Hubs.RunsHubForwarder"/>. Each run's updates get
/// consecutive sequence numbers; a run subscriber first receives the run's <see cref="RunState"/> (loaded from the
/// store when this process has not seen the run yet), then each later update exactly once, in order.</summary>
public sealed class RunNotifier(RunStore runs, MetricReader metrics, ArtifactReader artifacts, ILogger<RunNotifier> logger)
{
    private const int MaxCachedRuns = 256;
    private readonly ConcurrentDictionary<long, RunLiveState> states = new();
    private readonly Lock allGate = new();
    private readonly List<NotifierSubscription> allSubscribers = [];

    /// <summary>Assigns the next sequence number of the run, updates the run's state and queues the update for every
    /// subscriber. Never waits for a subscriber; waits for the store only the first time this process sees the run.
    /// Publish only what is already stored.</summary>
    public async Task<RunUpdate> PublishAsync(RunUpdate update, CancellationToken cancellationToken = default)
    {
        RunLiveState state;
        if (update is RunDeleted) state = states.GetOrAdd(update.RunId, id => new RunLiveState(id));
        else state = await LoadAsync(update.RunId, cancellationToken);
        RunUpdate stamped;
        lock (state.Gate)
        {
            stamped = update with { Sequence = ++state.Sequence };
            state.Apply(stamped);
            foreach (var subscriber in state.Subscribers) subscriber.Post(stamped);
            lock (allGate)
                foreach (var subscriber in allSubscribers) subscriber.Post(stamped);
        }
        if (update is RunDeleted) states.TryRemove(update.RunId, out _);
        else TrimCache();
        return stamped;
    }

    /// <summary>The run's current state (what a late subscriber receives first).</summary>
    public async Task<RunState> GetStateAsync(long runId, CancellationToken cancellationToken = default)
    {
        var state = await LoadAsync(runId, cancellationToken);
        lock (state.Gate) return state.Snapshot();
    }

    /// <summary>Receives the run's state, then its live updates, until disposed. <paramref name="handler"/> runs on a
    /// background task, one update at a time; a Blazor component wraps its work in <c>InvokeAsync</c>.
    /// Throws nothing for an unknown run: the handler is simply never called.</summary>
    public IDisposable Subscribe(long runId, Func<RunUpdate, Task> handler)
    {
        NotifierSubscription? subscription = null;
        subscription = new NotifierSubscription(handler, s => Unsubscribe(runId, s), logger);
        _ = AttachAsync(runId, subscription);
        return subscription;
    }

    /// <summary>Receives every update of every run from now on (no initial state).</summary>
    public IDisposable SubscribeAll(Func<RunUpdate, Task> handler)
    {
        var subscription = new NotifierSubscription(handler, s => { lock (allGate) allSubscribers.Remove(s); }, logger);
        lock (allGate) allSubscribers.Add(subscription);
        return subscription;
    }

    private async Task AttachAsync(long runId, NotifierSubscription subscription)
    {
        try
        {
            var state = await LoadAsync(runId, CancellationToken.None);
            lock (state.Gate)
            {
                subscription.Post(state.Snapshot());
                state.Subscribers.Add(subscription);
            }
        }
        catch (RunNotFoundException)
        {
            logger.LogDebug("Subscription to unknown run {RunId}", runId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not load the state of run {RunId} for a subscriber", runId);
        }
    }

    private void Unsubscribe(long runId, NotifierSubscription subscription)
    {
        if (!states.TryGetValue(runId, out var state)) return;
        lock (state.Gate) state.Subscribers.Remove(subscription);
    }

    private async Task<RunLiveState> LoadAsync(long runId, CancellationToken cancellationToken)
    {
        if (states.TryGetValue(runId, out var existing)) return existing;
        var run = await runs.GetAsync(runId, cancellationToken: cancellationToken);
        var loaded = new RunLiveState(runId) { Status = run.Status, Step = run.Step, TotalSteps = run.TotalSteps, Error = run.Error };
        foreach (var (name, point) in await metrics.LatestAsync(runId, cancellationToken))
            loaded.LatestMetrics[name] = new MetricPointDto(name, point.Step, point.Epoch, point.Value, point.Time);
        var snapshots = await artifacts.SnapshotsAsync(runId, cancellationToken);
        loaded.Snapshots.AddRange(snapshots.Skip(Math.Max(0, snapshots.Count - RunLiveState.MaxSnapshots)).Select(MapSnapshotDto.From));
        loaded.Evaluations.AddRange((await artifacts.EvaluationsAsync(runId, cancellationToken)).Select(EvaluationDto.From));
        loaded.Checkpoints.AddRange((await artifacts.CheckpointsAsync(runId, cancellationToken)).Select(CheckpointDto.From));
        // Whoever loaded first wins. A load may already contain a batch stored just before it is published; applying
        // an update is idempotent on the state (latest value per metric, snapshots by step and probe, evaluations and
        // checkpoints by identity), so the state stays exact.
        return states.GetOrAdd(runId, loaded);
    }

    private void TrimCache()
    {
        if (states.Count <= MaxCachedRuns) return;
        foreach (var state in states.Values.OrderBy(s => s.LastTouched).Take(states.Count - MaxCachedRuns))
        {
            lock (state.Gate)
            {
                if (state.Subscribers.Count == 0 && state.Status.IsFinal()) states.TryRemove(state.RunId, out _);
            }
        }
    }
}
