using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Lewel.Web.Jobs;

/// <summary>The job queue as runs see it: queue an execution, drop a queued one, ask what became of one.</summary>
public sealed class RunJobQueue(IBackgroundJobClient client, JobStorage storage)
{
    /// <summary>Queues <see cref="PretrainJob"/> for the run on <paramref name="queue"/> (cpu or gpu); returns the job id.</summary>
    public string EnqueuePretrain(long runId, Guid executionToken, string queue) =>
        client.Create(Job.FromExpression<PretrainJob>(j => j.ExecuteAsync(runId, executionToken, CancellationToken.None)),
            new EnqueuedState(queue));

    /// <summary>Moves the job to the deleted state: a queued job will not start, a running one is signalled to stop.</summary>
    public bool Delete(string jobId) => client.Delete(jobId);

    /// <summary>The job's state name (Enqueued, Processing, Succeeded, Failed, Deleted...), or null when unknown.</summary>
    public string? StateOf(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }
}
