using Lewel.Data.Entities;

namespace Lewel.Data.Stores;

/// <summary>Everything a running job has to store since its last flush; written in one transaction by
/// <see cref="RunBatchWriter"/>.</summary>
public sealed class RunBatch(long runId)
{
    public long RunId { get; } = runId;
    public List<MetricSample> Metrics { get; } = [];
    public List<EvaluationResult> Evaluations { get; } = [];
    public List<CheckpointRecord> Checkpoints { get; } = [];
    public List<MapSnapshotRecord> Snapshots { get; } = [];
    /// <summary>Latest step and total, with a heartbeat; null leaves progress and heartbeat as they are.</summary>
    public (int Step, int TotalSteps)? Progress { get; set; }

    public bool IsEmpty => Metrics.Count == 0 && Evaluations.Count == 0 && Checkpoints.Count == 0 && Snapshots.Count == 0
        && Progress is null;
}
