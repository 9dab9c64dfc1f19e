namespace Lewel.Data.Entities;

/// <summary>What is known about a run when it is created. <see cref="ConfigJson"/> is the full resolved configuration
/// (camelCase JSON); the other fields repeat parts of it so lists can filter without parsing JSON.</summary>
public sealed record NewRun(
    string Name,
    RunKind Kind,
    string Method,
    string ConfigJson,
    string Dataset,
    string Backbone,
    long Seed,
    string Device,
    string Queue,
    int TotalSteps)
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public RunPriority Priority { get; init; } = RunPriority.Normal;
    /// <summary>The worker the run must execute on; null: any worker of its queue.</summary>
    public string? Worker { get; init; }
    /// <summary>The GPU index it must compute on (a gpu run only); null: a free one of the worker's.</summary>
    public int? GpuIndex { get; init; }
    public bool ShareGpu { get; init; }
    public string? Notes { get; init; }
    public long? ParentRunId { get; init; }
    /// <summary>Set for a fork: the parent's checkpoint step it continues from (<see cref="ParentRunId"/> is the parent).</summary>
    public int? ForkStep { get; init; }
    public string? PairingKey { get; init; }
    public string? CodeVersion { get; init; }
    /// <summary>The client's idempotency key: a repeated launch with the same key returns the runs it created.</summary>
    public string? LaunchKey { get; init; }
    /// <summary>The signed-in user who launched the run (null when the studio runs without sign-in).</summary>
    public string? LaunchedBy { get; init; }
}
