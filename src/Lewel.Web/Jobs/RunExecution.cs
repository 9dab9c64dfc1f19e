using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Training;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>What every run job does around its work: claim the run (only the execution it was last queued with may),
/// register it for cancellation, run the work in a child process under the <see cref="JobSupervisor"/> (so a native
/// crash or a hang ends that process, never this one), record its events through a <see cref="RunRecorder"/>, then
/// settle the run: succeeded, failed with the reason, cancelled, or interrupted by a shutdown (recovered on the next
/// start). A failed run fails its job too (no retry); an interrupted one leaves its job unfinished.</summary>
public sealed class RunExecution(
    RunStore runs,
    RunBatchWriter writer,
    RunNotifier notifier,
    RunCancellationRegistry registry,
    DataDirectory dataDirectory,
    RecorderOptions recorderOptions,
    JobSupervisor supervisor,
    Workers.GpuAllocator gpuAllocator,
    Workers.WorkerIdentity identity,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RunExecution> logger)
{
    public DataDirectory DataDirectory => dataDirectory;

    /// <summary>Claims the run and runs what <paramref name="plan"/> says in a supervised child process. Returns
    /// without doing anything for a stale, cancelled or deleted run.</summary>
    public async Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken, Func<Run, JobLaunch> plan)
    {
        using var gpu = await LeaseGpuAsync(runId, executionToken, jobToken);
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
                var launch = plan(run);
                if (gpu is not null)
                {
                    launch = launch with { CudaVisibleDevices = Workers.RunGpu.VisibleDevices(gpu) };
                    recorder.OnEvent(new Engine.Training.Events.LogMessage(time.GetUtcNow(), "info", $"computes on GPU {gpu.Index} of {identity.Name}"));
                }
                var supervised = await supervisor.RunAsync(launch, recorder.OnEvent, stop.Token);
                result = supervised.Result;
                if (result.Outcome == TrainingOutcome.Cancelled && result.Error is { } note)
                    recorder.OnEvent(new Engine.Training.Events.LogMessage(time.GetUtcNow(), "warning", note));
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

    /// <summary>A gpu run waits here, before it is claimed (it still shows queued), for a GPU of this host: the one it
    /// named or a free one. A stale execution or a cpu run gets none. A named GPU this host lacks fails the run.</summary>
    private async Task<Workers.GpuLease?> LeaseGpuAsync(long runId, Guid executionToken, CancellationToken jobToken)
    {
        var run = await runs.FindAsync(runId);
        if (run is null || run.ExecutionToken != executionToken || run.Status != RunStatus.Queued || run.Queue != DevicePlacement.GpuQueue)
            return null;
        try
        {
            return await gpuAllocator.AcquireAsync(run.GpuIndex, run.ShareGpu, jobToken);
        }
        catch (InvalidOperationException e)
        {
            var failed = await runs.UpdateAsync(runId, (r, now) => { if (r.Status == RunStatus.Queued) r.Fail(e.Message, null, now); });
            await notifier.PublishAsync(new RunStatusChanged(runId, failed.Status, failed.Step, failed.TotalSteps, failed.Error, failed.Error ?? ""));
            throw new RunFailedException(runId, e.Message);
        }
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
            return await runs.UpdateAsync(runId, (r, now) => r.Start(executionToken, identity.Name, now));
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
        ConfigException or CheckpointException or FileNotFoundException or InvalidOperationException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>Where a run computes: a GPU run sees only its own GPU, as the child's cuda:0; a CPU run sees none.</summary>
    public static (string Device, string CudaVisibleDevices) Placement(string device)
    {
        if (device.StartsWith("cuda", StringComparison.Ordinal))
        {
            var index = device.Contains(':') ? device[(device.IndexOf(':') + 1)..] : "0";
            return ("cuda:0", index);
        }
        return (device, "");
    }
}
