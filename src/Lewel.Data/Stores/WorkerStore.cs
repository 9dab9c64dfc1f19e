using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Stores;

/// <summary>The registry of hosts that run jobs: each reports itself (<see cref="ReportAsync"/>) at start and then as
/// its heartbeat; the studio lists them with the runs each holds.</summary>
public sealed class WorkerStore(IDbContextFactory<LewelDbContext> contextFactory)
{
    /// <summary>Creates or refreshes the worker's record with what it reports now.</summary>
    public async Task ReportAsync(WorkerRecord report, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Workers.FirstOrDefaultAsync(w => w.Id == report.Id, cancellationToken);
        if (existing is not null) db.Workers.Remove(existing);
        db.Workers.Add(report);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> HeartbeatAsync(string workerId, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Workers.Where(w => w.Id == workerId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.HeartbeatAt, now), cancellationToken) > 0;
    }

    /// <summary>Every registered worker, most recently seen first, with the ids of the runs it is running now.</summary>
    public async Task<IReadOnlyList<(WorkerRecord Worker, IReadOnlyList<long> RunningRunIds)>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var workers = await db.Workers.AsNoTracking().OrderByDescending(w => w.HeartbeatAt).ThenBy(w => w.Id).ToListAsync(cancellationToken);
        var ids = workers.Select(w => w.Id).ToList();
        var running = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running && r.Host != null && ids.Contains(r.Host))
            .Select(r => new { r.Host, r.Id })
            .ToListAsync(cancellationToken);
        var byHost = running.GroupBy(r => r.Host!).ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(r => r.Id).Order().ToList());
        return workers.Select(w => (w, byHost.GetValueOrDefault(w.Id) ?? (IReadOnlyList<long>)[])).ToList();
    }
}
