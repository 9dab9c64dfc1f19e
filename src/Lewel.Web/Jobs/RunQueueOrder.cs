using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>A waiting run and its place in its device queue (1: the next one a free worker takes).</summary>
public sealed record QueuedRunDto(long RunId, string Name, string Queue, RunPriority Priority, int Position, DateTime CreatedAt)
{
    /// <summary>The worker the run waits for; null: any worker of its queue.</summary>
    public string? Worker { get; init; }
}

/// <summary>The runs waiting on each device queue, in the order Hangfire will hand them out: the jobs its monitoring
/// API lists level by level, each matched to the queued run whose current job it is (a stale job is left out). A run
/// waiting for a given worker is listed where that worker would take it among the shared runs of its level.</summary>
public sealed class RunQueueOrder(RunStore runs, RunJobQueue jobs)
{
    private static readonly string[] DeviceQueues = [DevicePlacement.CpuQueue, DevicePlacement.GpuQueue];

    public async Task<IReadOnlyList<QueuedRunDto>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var queued = await runs.FindQueuedAsync(cancellationToken);
        var byJob = queued.Where(r => r.JobId is not null).ToDictionary(r => r.JobId!);
        var workers = queued.Where(r => r.Worker is not null).Select(r => r.Worker!).Distinct().ToList();
        var order = new List<QueuedRunDto>();
        foreach (var deviceQueue in DeviceQueues.Union(queued.Select(r => r.Queue)))
        {
            var position = 0;
            foreach (var jobId in jobs.WaitingJobIds(deviceQueue, workers))
            {
                if (byJob.Remove(jobId, out var run))
                    order.Add(new QueuedRunDto(run.Id, run.Name, deviceQueue, run.Priority, ++position, run.CreatedAt) { Worker = run.Worker });
            }
        }
        return order;
    }
}
