namespace Lewel.Data.Entities;

/// <summary>One line of a run's history: a status change or a notable moment ("interrupted by shutdown",
/// "resumed at step 120").</summary>
public sealed class RunEvent
{
    private RunEvent() { }

    internal RunEvent(DateTime time, RunStatus status, string message, int? step)
    {
        Time = time;
        Status = status;
        Message = message;
        Step = step;
    }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public DateTime Time { get; private set; }
    /// <summary>The run's status after this event.</summary>
    public RunStatus Status { get; private set; }
    public string Message { get; private set; } = "";
    public int? Step { get; private set; }
}
