namespace Lewel.Web.Runs;

/// <summary>The run is executing and the request needs it stopped first.</summary>
public sealed class RunBusyException(long runId, string action)
    : InvalidOperationException($"Run {runId} is running: cancel it first, then {action}.")
{
    public long RunId { get; } = runId;
}
