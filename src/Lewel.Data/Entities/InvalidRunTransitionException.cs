namespace Lewel.Data.Entities;

/// <summary>A status change that the run's life cycle does not allow (e.g. resuming a run that succeeded).</summary>
public sealed class InvalidRunTransitionException(long runId, RunStatus from, string action)
    : InvalidOperationException($"Run {runId} is {from.ToString().ToLowerInvariant()}: it cannot be {action}.")
{
    public long RunId { get; } = runId;
    public RunStatus From { get; } = from;
}
