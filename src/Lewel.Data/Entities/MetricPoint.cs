namespace Lewel.Data.Entities;

/// <summary>One value of one named series at one step. (RunId, Name, Step) is the key: a run that resumes from an
/// earlier checkpoint overwrites the steps it repeats instead of duplicating them.</summary>
public sealed class MetricPoint
{
    private MetricPoint() { }

    public MetricPoint(long runId, string name, int step, int epoch, double value, DateTime time)
    {
        RunId = runId;
        Name = name;
        Step = step;
        Epoch = epoch;
        Value = double.IsNaN(value) ? null : value;
        Time = time;
    }

    public long RunId { get; private set; }
    public string Name { get; private set; } = "";
    public int Step { get; private set; }
    public int Epoch { get; private set; }
    /// <summary>Null stands for NaN, which SQLite cannot store (a diverged run must still be recorded).</summary>
    public double? Value { get; private set; }
    public DateTime Time { get; private set; }
}
