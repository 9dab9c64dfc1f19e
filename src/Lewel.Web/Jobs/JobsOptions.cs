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

    public void Validate()
    {
        if (FlushIntervalMs is < 50 or > 60_000) throw new InvalidOperationException($"{SectionName}:FlushIntervalMs must be in 50..60000 (got {FlushIntervalMs}).");
        if (StaleAfterSeconds < 5) throw new InvalidOperationException($"{SectionName}:StaleAfterSeconds must be at least 5 (got {StaleAfterSeconds}).");
        if (StaleAfterSeconds * 1000 < FlushIntervalMs * 4) throw new InvalidOperationException($"{SectionName}:StaleAfterSeconds must cover at least four flush intervals.");
        if (SweepIntervalSeconds < 1) throw new InvalidOperationException($"{SectionName}:SweepIntervalSeconds must be at least 1 (got {SweepIntervalSeconds}).");
        if (ShutdownTimeoutSeconds < 1) throw new InvalidOperationException($"{SectionName}:ShutdownTimeoutSeconds must be at least 1 (got {ShutdownTimeoutSeconds}).");
    }
}
