using System.Text;
using Lewel.Data.Entities;

namespace Lewel.Web.Jobs;

/// <summary>The Hangfire queues of one device queue (cpu, gpu): one a priority level, <c>cpu-1-high</c>,
/// <c>cpu-2-normal</c>, <c>cpu-3-low</c>, served in that order; within one, the job queued first is taken first. A run
/// that asks for a worker waits in that worker's own queue of its level, <c>cpu-2-normal-w-{worker}</c>, which only
/// that worker serves, right after the shared queue of the level.</summary>
/// <remarks>The storages pick the next job differently: Hangfire.Storage.SQLite tries a server's queues in the order
/// of its <c>Queues</c> array, Hangfire.PostgreSql (since 1.20) ignores that order and sorts by queue name. These
/// names sort in the order they are served, also under a collation that ignores the dashes, so both agree. The plain
/// device queue holds only jobs queued before the levels existed; it sorts first, so it is served first on both.</remarks>
public static class PriorityQueues
{
    /// <summary>The queue a run waits in: <c>{deviceQueue}-{rank}-{level}</c>, and <c>-w-{worker}</c> for a run that
    /// asks for a worker.</summary>
    public static string For(string deviceQueue, RunPriority priority, string? worker = null)
    {
        var level = $"{deviceQueue}-{(int)priority + 1}-{Runs.RunPriorities.Name(priority)}";
        return worker is null ? level : $"{level}-w-{WorkerSlug(worker)}";
    }

    /// <summary>The queues a server of <paramref name="deviceQueue"/> serves, in the order it takes jobs from them; with
    /// <paramref name="worker"/>, also that worker's own queues.</summary>
    public static string[] ServedFor(string deviceQueue, string? worker = null) =>
    [
        deviceQueue,
        .. Enum.GetValues<RunPriority>().Order().SelectMany(p => worker is null
            ? [For(deviceQueue, p)]
            : new[] { For(deviceQueue, p), For(deviceQueue, p, worker) }),
    ];

    /// <summary>A worker's name as Hangfire queue names allow it (lowercase letters, digits, <c>_</c> and <c>-</c>):
    /// lowercased, any other character replaced by <c>_</c>.</summary>
    public static string WorkerSlug(string worker)
    {
        var slug = new StringBuilder(worker.Length);
        foreach (var c in worker.Trim().ToLowerInvariant())
            slug.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '_');
        return slug.ToString();
    }
}
