namespace Lewel.Data.Entities;

/// <summary>A checkpoint file written by a run. <see cref="RelativePath"/> is relative to the data directory.</summary>
public sealed class CheckpointRecord
{
    private CheckpointRecord() { }

    public CheckpointRecord(long runId, string relativePath, int step, long bytes, DateTime time)
    {
        RunId = runId;
        RelativePath = relativePath;
        Step = step;
        Bytes = bytes;
        Time = time;
    }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public string RelativePath { get; private set; } = "";
    public int Step { get; private set; }
    public long Bytes { get; private set; }
    public DateTime Time { get; private set; }

    /// <summary>The file name, used to address the checkpoint in URLs.</summary>
    public string FileName => Path.GetFileName(RelativePath);

    public void Rewritten(long bytes, DateTime time)
    {
        Bytes = bytes;
        Time = time;
    }
}
