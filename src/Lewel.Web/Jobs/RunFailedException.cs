namespace Lewel.Web.Jobs;

/// <summary>Thrown by a job after it recorded the failure on the run, so the job queue shows the job failed too.</summary>
public sealed class RunFailedException(long runId, string? reason) : Exception($"Run {runId} failed: {reason ?? "no reason given"}");
