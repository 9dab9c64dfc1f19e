namespace Lewel.Data.Entities;

/// <summary>The outcome of one evaluation protocol (knn, linear, ...). <see cref="ParametersJson"/> says exactly how
/// it was measured, <see cref="ValuesJson"/> holds the numbers (both JSON objects).</summary>
public sealed class EvaluationResult
{
    private EvaluationResult() { }

    public EvaluationResult(long runId, string protocol, string parametersJson, string valuesJson, int step, int epoch,
        string? checkpointPath, double wallSeconds, DateTime time)
    {
        RunId = runId;
        Protocol = protocol;
        ParametersJson = parametersJson;
        ValuesJson = valuesJson;
        Step = step;
        Epoch = epoch;
        CheckpointPath = checkpointPath;
        WallSeconds = wallSeconds;
        Time = time;
    }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public string Protocol { get; private set; } = "";
    public string ParametersJson { get; private set; } = "{}";
    public string ValuesJson { get; private set; } = "{}";
    public int Step { get; private set; }
    public int Epoch { get; private set; }
    /// <summary>Relative to the data directory; null when measured on the live network.</summary>
    public string? CheckpointPath { get; private set; }
    public double WallSeconds { get; private set; }
    public DateTime Time { get; private set; }
}
