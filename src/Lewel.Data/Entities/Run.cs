namespace Lewel.Data.Entities;

/// <summary>A pretraining or evaluation run. Status changes only through the methods below, each of which throws
/// <see cref="InvalidRunTransitionException"/> on a move the life cycle does not allow and appends a history row.
/// <see cref="Version"/> is a concurrency token: two writers racing on the same run cannot both win.</summary>
public sealed class Run
{
    private Run() { }

    public Run(NewRun spec, DateTime now)
    {
        Name = spec.Name;
        Kind = spec.Kind;
        Method = spec.Method;
        ConfigJson = spec.ConfigJson;
        Dataset = spec.Dataset;
        Backbone = spec.Backbone;
        Seed = spec.Seed;
        Device = spec.Device;
        Queue = spec.Queue;
        Priority = spec.Priority;
        Worker = spec.Worker;
        GpuIndex = spec.GpuIndex;
        ShareGpu = spec.ShareGpu;
        TotalSteps = spec.TotalSteps;
        Tags = [.. spec.Tags];
        Notes = spec.Notes;
        ParentRunId = spec.ParentRunId;
        ForkStep = spec.ForkStep;
        PairingKey = spec.PairingKey;
        CodeVersion = spec.CodeVersion;
        LaunchKey = spec.LaunchKey;
        LaunchedBy = spec.LaunchedBy;
        CreatedAt = now;
        Status = RunStatus.Queued;
        ExecutionToken = Guid.NewGuid();
        History.Add(new RunEvent(now, RunStatus.Queued, "created and queued", null));
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public RunKind Kind { get; private set; }
    /// <summary>byol, lewel-b, mocov2 or lewel-m.</summary>
    public string Method { get; private set; } = "";
    public string ConfigJson { get; private set; } = "{}";
    public string Dataset { get; private set; } = "";
    public string Backbone { get; private set; } = "";
    public long Seed { get; private set; }
    public RunStatus Status { get; private set; }
    public int Step { get; private set; }
    public int TotalSteps { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    /// <summary>The resolved device (cpu, cuda:0), never "auto".</summary>
    public string Device { get; private set; } = "cpu";
    /// <summary>The job queue that executes the run: cpu or gpu.</summary>
    public string Queue { get; private set; } = "cpu";
    /// <summary>Where the run stands in its queue's order while it waits; a worker with a free slot takes the high ones
    /// first, then normal, then low, and within one level the earliest queued.</summary>
    public RunPriority Priority { get; private set; } = RunPriority.Normal;
    /// <summary>The worker the run asked for (by its name); null: any worker serving its queue.</summary>
    public string? Worker { get; private set; }
    /// <summary>The GPU index the run asked for, on the worker that takes it; null: any of that worker's free GPUs.</summary>
    public int? GpuIndex { get; private set; }
    /// <summary>The run may compute on a GPU another run that allows sharing also uses.</summary>
    public bool ShareGpu { get; private set; }
    /// <summary>Machine that last executed the run.</summary>
    public string? Host { get; private set; }
    public string? CodeVersion { get; private set; }
    public string? Error { get; private set; }
    public List<string> Tags { get; private set; } = [];
    public string? Notes { get; private set; }
    /// <summary>The run this one measures (an evaluation run) or continues from (a fork, with <see cref="ForkStep"/>).</summary>
    public long? ParentRunId { get; private set; }
    /// <summary>For a fork: the step of the parent's checkpoint it continues from; null for every other run.</summary>
    public int? ForkStep { get; private set; }
    /// <summary>Shared by a baseline and its LEWEL variant launched together.</summary>
    public string? PairingKey { get; private set; }
    /// <summary>The idempotency key of the launch request that created the run.</summary>
    public string? LaunchKey { get; private set; }
    /// <summary>The user name of whoever launched the run; null for runs launched without sign-in.</summary>
    public string? LaunchedBy { get; private set; }
    /// <summary>The job-queue id of the current execution (for cancelling and for the dashboard).</summary>
    public string? JobId { get; private set; }
    /// <summary>Identifies the current execution. A job carries the token it was queued with and runs only while it
    /// matches, so a stale or duplicated job never trains the same run twice.</summary>
    public Guid ExecutionToken { get; private set; }
    /// <summary>Relative to the data directory, e.g. <c>runs/12</c>.</summary>
    public string RunDir { get; private set; } = "";
    /// <summary>Set by a cancel request; the executing job polls it (it may run in another process).</summary>
    public bool CancelRequested { get; private set; }
    /// <summary>Last sign of life from the executing job; a running run with an old heartbeat lost its process.</summary>
    public DateTime? HeartbeatAt { get; private set; }
    /// <summary>How many times in a row the run's process was lost without the run writing a newer checkpoint.</summary>
    public int LostAttempts { get; private set; }
    /// <summary>The newest checkpoint step when the process was last lost (-1: none yet).</summary>
    public int LostAtCheckpointStep { get; private set; } = -1;
    public int Version { get; private set; }
    public List<RunEvent> History { get; private set; } = [];

    public void AssignRunDirectory(string relativeRunDir) => RunDir = relativeRunDir;

    public void AssignJob(string jobId)
    {
        JobId = jobId;
        Version++;
    }

    public void UpdateNotes(string? notes, IEnumerable<string>? tags)
    {
        Notes = notes;
        if (tags is not null) Tags = [.. tags];
        Version++;
    }

    /// <summary>A job with <paramref name="executionToken"/> takes the run.</summary>
    public void Start(Guid executionToken, string host, DateTime now)
    {
        if (Status != RunStatus.Queued) throw new InvalidRunTransitionException(Id, Status, "started");
        if (executionToken != ExecutionToken)
            throw new InvalidOperationException($"Run {Id}: execution token {executionToken} is stale (current {ExecutionToken}).");
        Host = host;
        StartedAt ??= now;
        HeartbeatAt = now;
        Error = null;
        Transition(RunStatus.Running, now, $"running on {host} ({Device})");
    }

    /// <summary>Counts a loss of the run's process (a crash of the host, a kill, the out-of-memory killer). A loss after
    /// a newer checkpoint than the last loss's starts the count again. Returns true while the run may be queued again:
    /// false once it was lost <paramref name="maxAttempts"/> times in a row without progress.</summary>
    public bool CountLostAttempt(int newestCheckpointStep, int maxAttempts)
    {
        LostAttempts = newestCheckpointStep > LostAtCheckpointStep ? 1 : LostAttempts + 1;
        LostAtCheckpointStep = newestCheckpointStep;
        Version++;
        return LostAttempts < maxAttempts;
    }

    /// <summary>Queues the waiting run's execution anew at <paramref name="priority"/>, behind the runs already waiting
    /// there, with a new execution token so the job it had can never start it; the caller queues the new job.</summary>
    /// <param name="reason">Recorded in the history; null for a move that only keeps the order of others.</param>
    public void MoveInQueue(RunPriority priority, string? reason, DateTime now)
    {
        if (Status != RunStatus.Queued) throw new InvalidRunTransitionException(Id, Status, "moved in the queue");
        Priority = priority;
        ExecutionToken = Guid.NewGuid();
        JobId = null;
        Version++;
        if (reason is not null) History.Add(new RunEvent(now, Status, reason, Step));
    }

    /// <summary>Records that training continued from a checkpoint instead of step 0.</summary>
    public void RecordResume(int step, DateTime now)
    {
        if (Status != RunStatus.Running) throw new InvalidRunTransitionException(Id, Status, "resumed");
        Step = step;
        History.Add(new RunEvent(now, Status, $"resumed at step {step}", step));
        Version++;
    }

    public void SetProgress(int step, int totalSteps)
    {
        Step = step;
        if (totalSteps > 0) TotalSteps = totalSteps;
    }

    public void Succeed(int step, DateTime now)
    {
        if (Status != RunStatus.Running) throw new InvalidRunTransitionException(Id, Status, "marked succeeded");
        Step = step;
        FinishedAt = now;
        Transition(RunStatus.Succeeded, now, $"finished at step {step}");
    }

    public void Fail(string reason, int? step, DateTime now)
    {
        if (Status is not (RunStatus.Queued or RunStatus.Running or RunStatus.Interrupted))
            throw new InvalidRunTransitionException(Id, Status, "marked failed");
        if (step is { } s) Step = s;
        Error = reason;
        FinishedAt = now;
        Transition(RunStatus.Failed, now, "failed: " + reason);
    }

    /// <summary>Asks the executing job to stop; the job then calls <see cref="Cancel"/>.</summary>
    public void RequestCancel()
    {
        if (Status != RunStatus.Running) throw new InvalidRunTransitionException(Id, Status, "asked to stop");
        CancelRequested = true;
        Version++;
    }

    public void Cancel(string reason, DateTime now)
    {
        if (Status is not (RunStatus.Queued or RunStatus.Running or RunStatus.Interrupted))
            throw new InvalidRunTransitionException(Id, Status, "cancelled");
        CancelRequested = false;
        FinishedAt = now;
        Transition(RunStatus.Cancelled, now, reason);
    }

    /// <summary>The process running the job is going away (shutdown) or went away (crash).</summary>
    public void Interrupt(string reason, DateTime now)
    {
        if (Status != RunStatus.Running) throw new InvalidRunTransitionException(Id, Status, "interrupted");
        Transition(RunStatus.Interrupted, now, reason);
    }

    /// <summary>Queues the run again with a new execution token; the engine continues from the last checkpoint.</summary>
    /// <param name="freshAttempts">A person asked for it: the count of lost attempts starts again.</param>
    public Guid Requeue(string reason, DateTime now, bool freshAttempts = false)
    {
        if (freshAttempts) (LostAttempts, LostAtCheckpointStep) = (0, -1);
        if (Status is not (RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled))
            throw new InvalidRunTransitionException(Id, Status, "queued again");
        ExecutionToken = Guid.NewGuid();
        JobId = null;
        CancelRequested = false;
        FinishedAt = null;
        Error = null;
        Transition(RunStatus.Queued, now, reason);
        return ExecutionToken;
    }

    private void Transition(RunStatus to, DateTime now, string message)
    {
        Status = to;
        Version++;
        History.Add(new RunEvent(now, to, message, Step));
    }
}
