namespace Lewel.Data.Stores;

public sealed class RunNotFoundException(long runId) : Exception($"Run {runId} does not exist.")
{
    public long RunId { get; } = runId;
}
