namespace Lewel.Web.Jobs;

/// <summary>The <c>Lewel:Jobs</c> section: timings of job execution and recovery.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Lewel:Jobs";

    /// <summary>How often a running job stores and publishes its events (its heartbeat too).</summary>
    public int FlushIntervalMs { get; set; } = 500;

    /// <summary>A running run without a heartbeat for this long lost its process and is re-queued.</summary>
    public int StaleAfterSeconds { get; set; } = 60;

    /// <summary>How often lost runs are looked for after the start-up check.</summary>
    public int SweepIntervalSeconds { get; set; } = 15;

    /// <summary>How long a shutdown waits for running jobs to checkpoint and stop.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a run asked to stop (cancel, shutdown) may take to checkpoint and exit before its process is
    /// killed; the run keeps its last checkpoint.</summary>
    public int CancelGraceSeconds { get; set; } = 30;

    /// <summary>The stall watchdog: a run reporting nothing for <see cref="StallStepFactor"/> × its median time between
    /// steps, and at least <see cref="StallMinSeconds"/>, is killed and fails as stalled (resumable).</summary>
    public double StallStepFactor { get; set; } = 10;

    public int StallMinSeconds { get; set; } = 120;

    /// <summary>How long a run may report nothing before its first step (opening and caching the data set).</summary>
    public int StartupStallSeconds { get; set; } = 900;

    /// <summary>A run whose process is lost this many times in a row without a new checkpoint fails with the reason of
    /// the last loss, instead of being queued again forever.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The <c>lewel.dll</c> each run's process executes; empty: the one built into the app's folder.</summary>
    public string? RunnerPath { get; set; }

    public void Validate()
    {
        if (CancelGraceSeconds < 1) throw new InvalidOperationException($"{SectionName}:CancelGraceSeconds must be at least 1 (got {CancelGraceSeconds}).");
        if (!(StallStepFactor >= 1)) throw new InvalidOperationException($"{SectionName}:StallStepFactor must be at least 1 (got {StallStepFactor}).");
        if (StallMinSeconds < 1) throw new InvalidOperationException($"{SectionName}:StallMinSeconds must be at least 1 (got {StallMinSeconds}).");
        if (StartupStallSeconds < 1) throw new InvalidOperationException($"{SectionName}:StartupStallSeconds must be at least 1 (got {StartupStallSeconds}).");
        if (MaxAttempts < 1) throw new InvalidOperationException($"{SectionName}:MaxAttempts must be at least 1 (got {MaxAttempts}).");
        if (FlushIntervalMs is < 50 or > 60_000) throw new InvalidOperationException($"{SectionName}:FlushIntervalMs must be in 50..60000 (got {FlushIntervalMs}).");
        if (StaleAfterSeconds < 5) throw new InvalidOperationException($"{SectionName}:StaleAfterSeconds must be at least 5 (got {StaleAfterSeconds}).");
        if (StaleAfterSeconds * 1000 < FlushIntervalMs * 4) throw new InvalidOperationException($"{SectionName}:StaleAfterSeconds must cover at least four flush intervals.");
        if (SweepIntervalSeconds < 1) throw new InvalidOperationException($"{SectionName}:SweepIntervalSeconds must be at least 1 (got {SweepIntervalSeconds}).");
        if (ShutdownTimeoutSeconds < 1) throw new InvalidOperationException($"{SectionName}:ShutdownTimeoutSeconds must be at least 1 (got {ShutdownTimeoutSeconds}).");
    }
}
