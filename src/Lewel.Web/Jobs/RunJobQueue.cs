using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Lewel.Data.Entities;

namespace Lewel.Web.Jobs;

/// <summary>The job queue as runs see it: queue an execution, drop a queued one, ask what became of one.</summary>
public sealed class RunJobQueue(IBackgroundJobClient client, JobStorage storage)
{
    private const int MaxListedPerQueue = 10_000;

    /// <summary>Queues the job that executes the run (<see cref="PretrainJob"/> or <see cref="EvaluateJob"/>, by its
    /// kind) with its current execution token on the queue of its device kind and priority; returns the job id.</summary>
    public string Enqueue(Run run)
    {
        var (runId, token) = (run.Id, run.ExecutionToken);
        var job = run.Kind == RunKind.Eval
            ? Job.FromExpression<EvaluateJob>(j => j.ExecuteAsync(runId, token, CancellationToken.None))
            : Job.FromExpression<PretrainJob>(j => j.ExecuteAsync(runId, token, CancellationToken.None));
        return client.Create(job, new EnqueuedState(PriorityQueues.For(run.Queue, run.Priority, run.Worker)));
    }

    /// <summary>The ids of the jobs waiting on the device queue's levels, in the order its servers will take them; with
    /// <paramref name="workers"/>, also the jobs waiting for one of those workers, in the order that worker takes them.</summary>
    public IReadOnlyList<string> WaitingJobIds(string deviceQueue, IEnumerable<string>? workers = null)
    {
        var monitoring = storage.GetMonitoringApi();
        var ids = new List<string>();
        var queues = PriorityQueues.ServedFor(deviceQueue);
        foreach (var worker in workers ?? []) queues = [.. queues.Union(PriorityQueues.ServedFor(deviceQueue, worker))];
        foreach (var queue in queues.Order(StringComparer.Ordinal))
        {
            // A deleted job stays listed until a server fetches and drops it; only enqueued ones wait.
            foreach (var (id, job) in monitoring.EnqueuedJobs(queue, 0, MaxListedPerQueue))
                if (job.State == EnqueuedState.StateName) ids.Add(id);
        }
        return ids;
    }

    /// <summary>Moves the job to the deleted state: a queued job will not start, a running one is signalled to stop.</summary>
    public bool Delete(string jobId) => client.Delete(jobId);

    /// <summary>The job's state name (Enqueued, Processing, Succeeded, Failed, Deleted...), or null when unknown.</summary>
    public string? StateOf(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }
}
