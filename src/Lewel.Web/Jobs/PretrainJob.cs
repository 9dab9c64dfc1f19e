using System.ComponentModel;
using Hangfire;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>Executes one pretraining run: claims it (only the execution the run was last queued with may), trains it
/// with <see cref="PretrainRunner"/> while a <see cref="RunRecorder"/> stores and publishes the events, then records how
/// it ended. A shutdown leaves the run interrupted (recovered on the next start from its last checkpoint); a cancel
/// request stops it within one step. Failures are not retried: the run shows the reason.</summary>
public sealed class PretrainJob(
    RunStore runs,
    RunBatchWriter writer,
    RunNotifier notifier,
    RunCancellationRegistry registry,
    DataDirectory dataDirectory,
    RecorderOptions recorderOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PretrainJob> logger)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Pretrain run {0}")]
    public async Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken)
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
                var config = RunConfig.FromJson(run.ConfigJson);
                var runDirectory = dataDirectory.Resolve(run.RunDir);
                // Training blocks for minutes to days: give it its own thread, not one of the pool's.
                // The kNN monitor runs at the epochs monitor.knnEveryEpochs asks for; its results arrive as evaluations.
                var options = new PretrainOptions { DatasetCacheDir = dataDirectory.DatasetsRoot };
                result = await Task.Factory.StartNew(() => Train(config, runDirectory, options, recorder, stop.Token),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
        // The dashboard shows the job failed, with the same reason as the run (no retry: AutomaticRetry is 0).
        if (result.Outcome == TrainingOutcome.Failed) throw new RunFailedException(runId, result.Error);
    }

    /// <summary>The run directory gets the same files as a CLI run (config.json, metrics.jsonl, log.txt, summary.json)
    /// next to the checkpoints and maps the engine writes; the recorder feeds the store and the live view.</summary>
    private static TrainingResult Train(RunConfig config, string runDirectory, PretrainOptions options, RunRecorder recorder,
        CancellationToken cancellationToken)
    {
        using var files = new RunDirectoryWriter(runDirectory);
        return PretrainRunner.Run(config, runDirectory, new ObserverGroup(files, recorder), cancellationToken, options);
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
        ConfigException or DatasetException or DeviceUnavailableException or TorchUnavailableException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
