using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>What every run job does around its work: claim the run (only the execution it was last queued with may),
/// register it for cancellation, record its events through a <see cref="RunRecorder"/>, run the work on its own thread,
/// then settle the run: succeeded, failed with the reason, cancelled, or interrupted by a shutdown (recovered on the
/// next start). A failed run fails its job too (no retry); an interrupted one leaves its job unfinished.</summary>
public sealed class RunExecution(
    RunStore runs,
    RunBatchWriter writer,
    RunNotifier notifier,
    RunCancellationRegistry registry,
    DataDirectory dataDirectory,
    RecorderOptions recorderOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RunExecution> logger)
{
    public DataDirectory DataDirectory => dataDirectory;

    /// <summary>Claims the run and executes <paramref name="work"/> (blocking, given the run, its recorder and the
    /// token that stops it). Returns without doing anything for a stale, cancelled or deleted run.</summary>
    public async Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken,
        Func<Run, RunRecorder, CancellationToken, TrainingResult> work)
    {
        var run = await ClaimAsync(runId, executionToken);
        if (run is null) return;
        await notifier.PublishAsync(new RunStatusChanged(runId, run.Status, run.Step, run.TotalSteps, null, $"running on {run.Host} ({run.Device})"));

        using var registration = registry.Register(runId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(registration.Token, jobToken);
        var recorder = new RunRecorder(runId, run.RunDir, dataDirectory, writer, runs, notifier, registration.Cancel, recorderOptions,
            time, logger);
        TrainingResult result;
        await using (recorder)
        {
            try
            {
                // The work blocks for minutes to days: give it its own thread, not one of the pool's.
                result = await Task.Factory.StartNew(() => work(run, recorder, stop.Token),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                result = new TrainingResult(TrainingOutcome.Cancelled, recorder.LastStep, null);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Run {RunId} failed", runId);
                result = new TrainingResult(TrainingOutcome.Failed, recorder.LastStep, Describe(e));
            }
        }

        var shutdown = result.Outcome == TrainingOutcome.Cancelled && !registration.IsCancellationRequested
            && lifetime.ApplicationStopping.IsCancellationRequested;
        await FinishAsync(runId, result, shutdown);
        // Leave the job unfinished in the queue's eyes: the run is interrupted, not done; start-up recovery queues a
        // fresh execution that continues from the checkpoint.
        if (shutdown) throw new OperationCanceledException($"Run {runId} was interrupted by shutdown.", jobToken);
        // The dashboard shows the job failed, with the same reason as the run.
        if (result.Outcome == TrainingOutcome.Failed) throw new RunFailedException(runId, result.Error);
    }

    private async Task<Run?> ClaimAsync(long runId, Guid executionToken)
    {
        var run = await runs.FindAsync(runId);
        if (run is null)
        {
            logger.LogInformation("Run {RunId} no longer exists; nothing to do", runId);
            return null;
        }
        if (run.ExecutionToken != executionToken || run.Status != RunStatus.Queued)
        {
            logger.LogInformation("Skipping a stale execution of run {RunId} (run is {Status})", runId, run.Status);
            return null;
        }
        try
        {
            return await runs.UpdateAsync(runId, (r, now) => r.Start(executionToken, Environment.MachineName, now));
        }
        catch (Exception e) when (e is InvalidOperationException or RunNotFoundException)
        {
            logger.LogInformation("Run {RunId} was taken or cancelled before it started: {Reason}", runId, e.Message);
            return null;
        }
    }

    private async Task FinishAsync(long runId, TrainingResult result, bool shutdown)
    {
        try
        {
            var run = await runs.UpdateAsync(runId, (r, now) =>
            {
                if (r.Status != RunStatus.Running) return; // someone else (recovery elsewhere) already settled it
                switch (result.Outcome)
                {
                    case TrainingOutcome.Finished: r.Succeed(result.Step, now); break;
                    case TrainingOutcome.Cancelled when shutdown:
                        r.SetProgress(result.Step, 0);
                        r.Interrupt($"interrupted by shutdown at step {result.Step}", now);
                        break;
                    case TrainingOutcome.Cancelled:
                        r.SetProgress(result.Step, 0);
                        r.Cancel($"cancelled at step {result.Step}", now);
                        break;
                    default: r.Fail(result.Error ?? "the run failed without a reason", result.Step, now); break;
                }
            });
            await notifier.PublishAsync(new RunStatusChanged(runId, run.Status, run.Step, run.TotalSteps, run.Error,
                run.History.Count > 0 ? run.History[^1].Message : run.Status.ToString()));
        }
        catch (RunNotFoundException)
        {
            logger.LogInformation("Run {RunId} was deleted while it ran", runId);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        ConfigException or DatasetException or DeviceUnavailableException or TorchUnavailableException or CheckpointException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
