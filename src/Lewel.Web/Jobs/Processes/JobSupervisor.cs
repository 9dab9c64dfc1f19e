using Lewel.Engine.Hosting;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Web.Jobs.Processes;

/// <summary>What to run in a child process, and where its files go.</summary>
/// <param name="WorkDir">Where the spec and the child's stderr log are written (the run directory for runs).</param>
/// <param name="What">"training", "evaluation" or "inspection", for messages.</param>
public sealed record JobLaunch(long RunId, JobSpec Spec, string WorkDir, string What, string? CudaVisibleDevices = null);

/// <summary>How a supervised child ended: the result, and the process id it ran as.</summary>
public sealed record SupervisedResult(TrainingResult Result, int ProcessId);

/// <summary>Runs a job in a child process (<c>lewel job</c>) and supervises it: events go to the caller as they
/// arrive; a stop request asks the child to checkpoint and exit and kills it after <see cref="JobsOptions.CancelGraceSeconds"/>;
/// the <see cref="StallWatchdog"/> kills a child that goes silent; a child that dies without saying how it ended fails
/// the job with the signal or exit code, the step, the last checkpoint and the tail of its stderr.</summary>
public sealed class JobSupervisor(JobsOptions options, RunProcessRegistry registry, TimeProvider time, ILogger<JobSupervisor> logger)
{
    public const string SpecFile = "job.json";
    public const string StderrFile = "process.log";
    /// <summary>How the reason of a run the watchdog stopped begins; the UI shows such a run as stalled.</summary>
    public const string StalledPrefix = "stalled at step ";

    public static bool IsStall(string? error) => error?.StartsWith(StalledPrefix, StringComparison.Ordinal) == true;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public async Task<SupervisedResult> RunAsync(JobLaunch launch, Action<TrainingEvent> onEvent, CancellationToken stop)
    {
        var runner = JobRunner.Locate(options.RunnerPath);
        Directory.CreateDirectory(launch.WorkDir);
        var specPath = Path.Combine(launch.WorkDir, SpecFile);
        await File.WriteAllTextAsync(specPath, launch.Spec.ToJson(), CancellationToken.None);

        var watchdog = new StallWatchdog(options, time);
        var tracker = new CheckpointTracker();
        JobResult? result = null;
        void OnMessage(WireMessage message)
        {
            if (message.Event is { } e)
            {
                watchdog.Observe(e);
                tracker.Observe(e);
                Deliver(onEvent, e);
            }
            else if (message.Result is { } r) result = r;
            else
            {
                watchdog.Touch();
                Deliver(onEvent, new LogMessage(time.GetUtcNow(), "info", message.Text!));
            }
        }

        using var process = JobProcess.Start(runner, specPath, ChildEnvironment(launch.CudaVisibleDevices), Path.Combine(launch.WorkDir, StderrFile), OnMessage);
        using var registration = registry.Register(launch.RunId, process.Id);
        Deliver(onEvent, new LogMessage(time.GetUtcNow(), "info", $"{launch.What} process {process.Id} started"));
        logger.LogInformation("Run {RunId}: {What} process {Pid} started", launch.RunId, launch.What, process.Id);

        DateTimeOffset? stopAskedAt = null;
        string? stalled = null;
        var killedAfterGrace = false;
        while (!process.Exited.IsCompleted)
        {
            await Task.WhenAny(process.Exited, Task.Delay(Tick, time));
            if (process.Exited.IsCompleted) break;
            if (stop.IsCancellationRequested && stopAskedAt is null)
            {
                stopAskedAt = time.GetUtcNow();
                process.RequestStop();
            }
            if (stopAskedAt is { } asked && time.GetUtcNow() - asked > TimeSpan.FromSeconds(options.CancelGraceSeconds) && !killedAfterGrace)
            {
                logger.LogWarning("Run {RunId}: process {Pid} did not stop within {Grace} s; killing it", launch.RunId, process.Id, options.CancelGraceSeconds);
                killedAfterGrace = true;
                process.Kill();
            }
            if (stopAskedAt is null && stalled is null && watchdog.IsStalled)
            {
                stalled = $"{StalledPrefix}{watchdog.LastStep + 1}: nothing reported for {watchdog.Silence.TotalSeconds:0} s ({watchdog.DescribeBound()}); " +
                          $"the process was killed. {tracker.Describe()}";
                logger.LogWarning("Run {RunId}: {Reason}", launch.RunId, stalled);
                process.Kill();
            }
        }
        await process.Exited;

        var outcome = Decide(launch, process, result, watchdog, tracker, stalled, stopAskedAt is not null, killedAfterGrace);
        if (outcome.Outcome == TrainingOutcome.Failed && result is null)
            foreach (var line in process.StderrTail)
                Deliver(onEvent, new LogMessage(time.GetUtcNow(), "error", $"stderr: {line}"));
        return new SupervisedResult(outcome, process.Id);
    }

    /// <summary>What the child's environment adds to the host's: its GPU, and the GC settings under which TorchSharp's
    /// temporaries are finalized only at safe points (<see cref="FinalizerSafePoint"/>).</summary>
    public static IReadOnlyDictionary<string, string?> ChildEnvironment(string? cudaVisibleDevices)
    {
        var environment = FinalizerSafePoint.ChildEnvironment.ToDictionary(e => e.Key, e => (string?)e.Value);
        if (cudaVisibleDevices is { } gpus) environment["CUDA_VISIBLE_DEVICES"] = gpus;
        return environment;
    }

    private static TrainingResult Decide(JobLaunch launch, JobProcess process, JobResult? result, StallWatchdog watchdog,
        CheckpointTracker tracker, string? stalled, bool stopAsked, bool killedAfterGrace)
    {
        if (stalled is not null) return new TrainingResult(TrainingOutcome.Failed, watchdog.LastStep, stalled);
        if (result is not null) return new TrainingResult(result.Outcome, result.Step, result.Error);
        if (stopAsked)
            return new TrainingResult(TrainingOutcome.Cancelled, tracker.LastCheckpointStep ?? 0, killedAfterGrace
                ? "it did not stop within the grace period and was killed" : null);
        var at = launch.Spec.Pretrain is null ? "" : $" at step {watchdog.LastStep + 1}";
        return new TrainingResult(TrainingOutcome.Failed, watchdog.LastStep,
            $"the {launch.What} process {ExitStatus.Describe(process.ExitCode)}{at}. {tracker.Describe()}");
    }

    private void Deliver(Action<TrainingEvent> onEvent, TrainingEvent e)
    {
        try { onEvent(e); }
        catch (Exception error) { logger.LogWarning(error, "Recording {Event} failed", e.GetType().Name); }
    }

    /// <summary>The newest checkpoint the run has: the one it resumed from, or one it wrote since.</summary>
    private sealed class CheckpointTracker
    {
        public int? LastCheckpointStep { get; private set; }
        private bool pretraining;

        public void Observe(TrainingEvent e)
        {
            switch (e)
            {
                case RunStarted started:
                    pretraining = true;
                    if (started.StartStep > 0) LastCheckpointStep = started.StartStep;
                    break;
                case CheckpointWritten written:
                    LastCheckpointStep = Math.Max(LastCheckpointStep ?? 0, written.Step);
                    break;
            }
        }

        public string Describe() => !pretraining ? "Run it again to retry."
            : LastCheckpointStep is { } step ? $"The last checkpoint is step {step}; Resume continues from there."
            : "No checkpoint was written yet; Resume starts the run again from step 0.";
    }
}
