using Lewel.Data.Entities;

namespace Lewel.Web.Runs;

/// <summary>What the <see cref="RunNotifier"/> hands to subscribers. <see cref="Sequence"/> counts per run from 1 and
/// never repeats: a subscriber first receives a <see cref="RunState"/> carrying the sequence it includes, then every
/// later update once, in order; anything with a sequence at or below the state's is already in it.</summary>
public abstract record RunUpdate(long RunId)
{
    public long Sequence { get; init; }

    /// <summary>Set on updates that arrived from another process (a worker host), so they are not relayed again.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool FromOtherProcess { get; init; }

    /// <summary>The SignalR client method that receives this update.</summary>
    public abstract string Kind { get; }
}

/// <summary>Everything a late subscriber needs before the live tail: status, progress, the latest value of every
/// metric, the most recent snapshots and evaluations, and the recent log lines.</summary>
public sealed record RunState(long RunId, RunStatus Status, int Step, int TotalSteps, string? Error,
    IReadOnlyDictionary<string, MetricPointDto> LatestMetrics, IReadOnlyList<MapSnapshotDto> Snapshots,
    IReadOnlyList<EvaluationDto> Evaluations, IReadOnlyList<CheckpointDto> Checkpoints, IReadOnlyList<LogLineDto> RecentLogs)
    : RunUpdate(RunId)
{
    public override string Kind => "state";
}

public sealed record RunStatusChanged(long RunId, RunStatus Status, int Step, int TotalSteps, string? Error, string Message)
    : RunUpdate(RunId)
{
    public override string Kind => "status";
}

/// <summary>The metric points stored by one flush of a running job (a few per second), with the progress they reach.</summary>
public sealed record MetricsAppended(long RunId, int Step, int TotalSteps, IReadOnlyList<MetricPointDto> Points) : RunUpdate(RunId)
{
    public override string Kind => "metrics";
}

public sealed record SnapshotAdded(long RunId, MapSnapshotDto Snapshot) : RunUpdate(RunId)
{
    public override string Kind => "snapshot";
}

public sealed record EvaluationAdded(long RunId, EvaluationDto Evaluation) : RunUpdate(RunId)
{
    public override string Kind => "evaluation";
}

public sealed record CheckpointAdded(long RunId, CheckpointDto Checkpoint) : RunUpdate(RunId)
{
    public override string Kind => "checkpoint";
}

public sealed record LogLineDto(DateTime Time, string Level, string Text);

public sealed record LogLinesAppended(long RunId, IReadOnlyList<LogLineDto> Lines) : RunUpdate(RunId)
{
    public override string Kind => "log";
}

/// <summary>The run and everything recorded for it were deleted.</summary>
public sealed record RunDeleted(long RunId) : RunUpdate(RunId)
{
    public override string Kind => "deleted";
}
