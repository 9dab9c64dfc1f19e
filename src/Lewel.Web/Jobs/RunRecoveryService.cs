using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>Finds runs whose process went away and puts them back on the queue to continue from their last
/// checkpoint: at start-up (interrupted runs, and queued runs whose job was lost) and then periodically (running runs
/// whose heartbeat stopped, e.g. after a crash). Each recovery issues a new execution token, so whatever the old job
/// does if it ever wakes up, it cannot train the run a second time.</summary>
public sealed class RunRecoveryService(
    RunStore runs,
    RunService service,
    RunJobQueue jobs,
    RunNotifier notifier,
    RunCancellationRegistry registry,
    ArtifactReader artifacts,
    JobsOptions options,
    TimeProvider time,
    ILogger<RunRecoveryService> logger) : BackgroundService
{
    private static readonly HashSet<string> LiveJobStates = new(StringComparer.OrdinalIgnoreCase)
        { "Enqueued", "Processing", "Scheduled", "Awaiting" };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SweepIntervalSeconds), time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Looking for lost runs failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: re-queue lost runs, re-queue queued runs whose job is gone. Returns how many it re-queued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        var staleBefore = time.GetUtcNow().UtcDateTime.AddSeconds(-options.StaleAfterSeconds);
        foreach (var orphan in await runs.FindOrphansAsync(staleBefore, cancellationToken))
        {
            if (registry.IsExecutingHere(orphan.Id)) continue;
            if (await RecoverAsync(orphan, staleBefore, cancellationToken)) recovered++;
        }
        foreach (var queued in await runs.FindQueuedAsync(cancellationToken))
        {
            if (registry.IsExecutingHere(queued.Id) || queued.CreatedAt > staleBefore || HasLiveJob(queued)) continue;
            logger.LogWarning("Run {RunId} was queued but its job {JobId} is gone; queuing it again", queued.Id, queued.JobId);
            await service.EnqueueAsync(queued, cancellationToken);
            recovered++;
        }
        return recovered;
    }

    private async Task<bool> RecoverAsync(Run orphan, DateTime staleBefore, CancellationToken cancellationToken)
    {
        var checkpoints = await artifacts.CheckpointsAsync(orphan.Id, cancellationToken);
        var newestCheckpoint = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.Step);
        var (action, run) = await runs.UpdateAsync(orphan.Id, (r, now) =>
        {
            var crashed = r.Status == RunStatus.Running && (r.HeartbeatAt is null || r.HeartbeatAt < staleBefore);
            if (r.Status != RunStatus.Interrupted && !crashed) return Recovery.None; // it moved on since we looked
            if (crashed) r.Interrupt($"its process stopped (no heartbeat since {r.HeartbeatAt:u}) at step {r.Step}", now);
            if (r.CancelRequested)
            {
                r.Cancel($"cancelled at step {r.Step} (its process had stopped)", now);
                return Recovery.Cancelled;
            }
            // A shutdown that checkpointed is no failed attempt; a lost process is, unless the run got further since.
            if (crashed && !r.CountLostAttempt(newestCheckpoint, options.MaxAttempts))
            {
                r.Fail($"its process was lost {r.LostAttempts} times in a row without a newer checkpoint than step {newestCheckpoint}; " +
                       $"the last time: no heartbeat since {r.HeartbeatAt:u} at step {r.Step}. Resume tries again from the last checkpoint.", null, now);
                return Recovery.GaveUp;
            }
            r.Requeue($"queued again to resume from the last checkpoint (step {r.Step} was reached)", now);
            return Recovery.Requeued;
        }, cancellationToken);

        if (action == Recovery.None) return false;
        if (orphan.JobId is { } oldJob) TryDelete(oldJob);
        if (action is Recovery.Cancelled or Recovery.GaveUp)
        {
            if (action == Recovery.GaveUp) logger.LogWarning("Run {RunId}: {Reason}", run.Id, run.Error);
            await notifier.PublishAsync(new RunStatusChanged(run.Id, run.Status, run.Step, run.TotalSteps, run.Error,
                action == Recovery.Cancelled ? "cancelled" : "failed: " + run.Error), cancellationToken);
            return false;
        }
        logger.LogInformation("Run {RunId} lost its process at step {Step}; queued again", run.Id, run.Step);
        await service.EnqueueAsync(run, cancellationToken);
        return true;
    }

    private bool HasLiveJob(Run run)
    {
        if (run.JobId is null) return false;
        try
        {
            var state = jobs.StateOf(run.JobId);
            return state is not null && LiveJobStates.Contains(state);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not read the state of job {JobId}", run.JobId);
            return true; // do not duplicate what we cannot see
        }
    }

    private void TryDelete(string jobId)
    {
        try { jobs.Delete(jobId); }
        catch (Exception e) { logger.LogWarning(e, "Could not delete the stale job {JobId}", jobId); }
    }

    private enum Recovery { None, Requeued, Cancelled, GaveUp }
}
