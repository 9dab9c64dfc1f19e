using Lewel.Data.Entities;

namespace Lewel.Web.Runs;

/// <summary>The notifier's picture of one run, updated by every published update under <see cref="Gate"/>, so a
/// snapshot and a subscription taken together are exact.</summary>
internal sealed class RunLiveState(long runId)
{
    public const int MaxSnapshots = 512;
    public const int MaxLogLines = 200;

    public object Gate { get; } = new();
    public long RunId { get; } = runId;
    public long Sequence { get; set; }
    public RunStatus Status { get; set; }
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    public string? Error { get; set; }
    public Dictionary<string, MetricPointDto> LatestMetrics { get; } = new(StringComparer.Ordinal);
    public List<MapSnapshotDto> Snapshots { get; } = [];
    public List<EvaluationDto> Evaluations { get; } = [];
    public List<CheckpointDto> Checkpoints { get; } = [];
    public Queue<LogLineDto> Logs { get; } = new();
    public List<NotifierSubscription> Subscribers { get; } = [];
    public DateTime LastTouched { get; set; } = DateTime.UtcNow;

    public void Apply(RunUpdate update)
    {
        switch (update)
        {
            case RunStatusChanged s:
                (Status, Step, Error) = (s.Status, s.Step, s.Error);
                if (s.TotalSteps > 0) TotalSteps = s.TotalSteps;
                break;
            case MetricsAppended m:
                Step = Math.Max(Step, m.Step);
                if (m.TotalSteps > 0) TotalSteps = m.TotalSteps;
                foreach (var p in m.Points)
                    if (!LatestMetrics.TryGetValue(p.Name, out var last) || last.Step <= p.Step) LatestMetrics[p.Name] = p;
                break;
            case SnapshotAdded s:
                Snapshots.RemoveAll(x => x.Step == s.Snapshot.Step && x.ProbeIndex == s.Snapshot.ProbeIndex);
                Snapshots.Add(s.Snapshot);
                if (Snapshots.Count > MaxSnapshots) Snapshots.RemoveRange(0, Snapshots.Count - MaxSnapshots);
                break;
            case EvaluationAdded e:
                Evaluations.RemoveAll(x => x.Id == e.Evaluation.Id);
                Evaluations.Add(e.Evaluation);
                break;
            case CheckpointAdded c:
                Checkpoints.RemoveAll(x => x.Name == c.Checkpoint.Name);
                Checkpoints.Add(c.Checkpoint);
                break;
            case LogLinesAppended l:
                foreach (var line in l.Lines)
                {
                    Logs.Enqueue(line);
                    if (Logs.Count > MaxLogLines) Logs.Dequeue();
                }
                break;
        }
        LastTouched = DateTime.UtcNow;
    }

    public RunState Snapshot() => new(RunId, Status, Step, TotalSteps, Error, new Dictionary<string, MetricPointDto>(LatestMetrics),
        [.. Snapshots], [.. Evaluations], [.. Checkpoints], [.. Logs]) { Sequence = Sequence };
}
