namespace Lewel.Data.Entities;

/// <summary>Where a run is in its life. Stored as its name.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>The process stopped under a running run (shutdown or crash); it is re-queued to continue from its last
    /// checkpoint.</summary>
    Interrupted,
}

public static class RunStatusExtensions
{
    /// <summary>True when nothing will happen to the run unless someone resumes it.</summary>
    public static bool IsFinal(this RunStatus status) => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary>True while a job owns the run or is about to.</summary>
    public static bool IsActive(this RunStatus status) => status is RunStatus.Queued or RunStatus.Running or RunStatus.Interrupted;
}
