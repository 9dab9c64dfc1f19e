using Lewel.Data.Entities;

namespace Lewel.Web.Jobs;

/// <summary>The Hangfire queues of one device queue (cpu, gpu): one a priority level, <c>cpu-1-high</c>,
/// <c>cpu-2-normal</c>, <c>cpu-3-low</c>, served in that order; within one, the job queued first is taken first.</summary>
/// <remarks>The storages pick the next job differently: Hangfire.Storage.SQLite tries a server's queues in the order
/// of its <c>Queues</c> array, Hangfire.PostgreSql (since 1.20) ignores that order and sorts by queue name. These
/// names sort in the order they are served, also under a collation that ignores the dashes, so both agree. The plain
/// device queue holds only jobs queued before the levels existed; it sorts first, so it is served first on both.</remarks>
public static class PriorityQueues
{
    /// <summary>The queue a run waits in: <c>{deviceQueue}-{rank}-{level}</c>.</summary>
    public static string For(string deviceQueue, RunPriority priority) =>
        $"{deviceQueue}-{(int)priority + 1}-{priority.ToString().ToLowerInvariant()}";

    /// <summary>The queues a server of <paramref name="deviceQueue"/> serves, in the order it takes jobs from them.</summary>
    public static string[] ServedFor(string deviceQueue) =>
        [deviceQueue, .. Enum.GetValues<RunPriority>().Order().Select(p => For(deviceQueue, p))];
}
