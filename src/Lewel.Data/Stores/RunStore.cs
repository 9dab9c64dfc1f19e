using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Stores;

/// <summary>Creates, finds, lists, changes and deletes runs. Changes go through <see cref="UpdateAsync{T}"/>, which
/// reloads and retries when another writer changed the run in between (optimistic concurrency on
/// <see cref="Run.Version"/>), so a cancel racing a job start ends in one consistent state.</summary>
public sealed class RunStore(IDbContextFactory<LewelDbContext> contextFactory, TimeProvider time)
{
    private const int MaxAttempts = 8;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public async Task<Run> CreateAsync(NewRun spec, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = new Run(spec, UtcNow);
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        run.AssignRunDirectory(DataDirectory.RelativeRunDirectory(run.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>Creates the runs of one launch (one, or both of a pair) in one transaction: all of them or none. With
    /// a <paramref name="key"/>, the key is stored in the same transaction; when an earlier launch holds it (found
    /// first, or by the unique key when two launches race), nothing is created and the earlier launch's runs are
    /// returned with its request hash.</summary>
    public async Task<LaunchOutcome> CreateLaunchAsync(IReadOnlyList<NewRun> specs, LaunchKeyClaim? key,
        CancellationToken cancellationToken = default)
    {
        if (specs.Count == 0) throw new ArgumentException("A launch creates at least one run.", nameof(specs));
        if (key is not null && await FindLaunchAsync(key.Key, cancellationToken) is { } earlier) return earlier;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = UtcNow;
        if (key is not null) db.LaunchKeys.Add(new LaunchKeyRecord(key.Key, key.RequestHash, now));
        var created = specs.Select(spec => new Run(key is null ? spec : spec with { LaunchKey = key.Key }, now)).ToList();
        db.Runs.AddRange(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (key is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            // Lost the race for the key: the winner has committed (SQLite writers take turns), so its runs are there.
            if (await FindLaunchAsync(key.Key, cancellationToken) is { } winner) return winner;
            throw;
        }
        foreach (var run in created) run.AssignRunDirectory(DataDirectory.RelativeRunDirectory(run.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LaunchOutcome(created, Created: true);
    }

    /// <summary>The launch that holds <paramref name="launchKey"/>, with its runs (oldest first), or null.</summary>
    public async Task<LaunchOutcome?> FindLaunchAsync(string launchKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.LaunchKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Key == launchKey, cancellationToken);
        if (record is null) return null;
        var runs = await db.Runs.AsNoTracking().Where(r => r.LaunchKey == launchKey).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return new LaunchOutcome(runs, Created: false, record.RequestHash);
    }

    public async Task<Run?> FindAsync(long runId, bool withHistory = false, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<Run> query = db.Runs.AsNoTracking();
        if (withHistory) query = query.Include(r => r.History.OrderBy(e => e.Id));
        return await query.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    public async Task<Run> GetAsync(long runId, bool withHistory = false, CancellationToken cancellationToken = default) =>
        await FindAsync(runId, withHistory, cancellationToken) ?? throw new RunNotFoundException(runId);

    /// <summary>Loads the run, applies <paramref name="change"/> (which may throw to refuse) and saves; retried from a
    /// fresh load when the run changed meanwhile. Returns the change's result and the saved run.</summary>
    public async Task<(T Result, Run Run)> UpdateAsync<T>(long runId, Func<Run, DateTime, T> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken) ?? throw new RunNotFoundException(runId);
            var result = change(run, UtcNow);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (result, run);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await Task.Delay(10 * attempt, cancellationToken);
            }
        }
    }

    public async Task<Run> UpdateAsync(long runId, Action<Run, DateTime> change, CancellationToken cancellationToken = default) =>
        (await UpdateAsync(runId, (run, now) => { change(run, now); return true; }, cancellationToken)).Run;

    public async Task<RunPage> ListAsync(RunFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Runs.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.Method)) query = query.Where(r => r.Method == filter.Method);
        if (filter.Kind is { } kind) query = query.Where(r => r.Kind == kind);
        if (!string.IsNullOrWhiteSpace(filter.Tag)) query = query.Where(r => r.Tags.Contains(filter.Tag));
        if (!string.IsNullOrWhiteSpace(filter.PairingKey)) query = query.Where(r => r.PairingKey == filter.PairingKey);
        if (filter.ParentRunId is { } parent) query = query.Where(r => r.ParentRunId == parent);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = "%" + EscapeLike(filter.Text.Trim()) + "%";
            // SQLite's LIKE ignores ASCII case; PostgreSQL's does not, ILIKE does the same there.
            query = db.Database.IsNpgsql()
                ? query.Where(r => EF.Functions.ILike(r.Name, pattern, "\\") || EF.Functions.ILike(r.Notes ?? "", pattern, "\\")
                    || EF.Functions.ILike(r.Dataset, pattern, "\\") || EF.Functions.ILike(r.Method, pattern, "\\"))
                : query.Where(r => EF.Functions.Like(r.Name, pattern, "\\") || EF.Functions.Like(r.Notes ?? "", pattern, "\\")
                    || EF.Functions.Like(r.Dataset, pattern, "\\") || EF.Functions.Like(r.Method, pattern, "\\"));
        }
        var total = await query.CountAsync(cancellationToken);
        var take = Math.Clamp(filter.Take, 1, RunFilter.MaxTake);
        var items = await query.OrderByDescending(r => r.Id).Skip(Math.Max(0, filter.Skip)).Take(take).ToListAsync(cancellationToken);
        return new RunPage(total, items);
    }

    /// <summary>Runs whose executing process is gone: interrupted ones, and running ones without a heartbeat since
    /// <paramref name="staleBefore"/>.</summary>
    public async Task<IReadOnlyList<Run>> FindOrphansAsync(DateTime staleBefore, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Interrupted
                || (r.Status == RunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < staleBefore)))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Queued runs, oldest first (to check that each still has a job).</summary>
    public async Task<IReadOnlyList<Run>> FindQueuedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes the run and everything recorded for it (history, metrics, evaluations, checkpoints,
    /// snapshots) in one transaction. Child runs keep existing without a parent.</summary>
    public async Task<bool> DeleteAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Runs.Where(r => r.ParentRunId == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ParentRunId, (long?)null), cancellationToken);
        await db.MetricPoints.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        await db.EvaluationResults.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        await db.Checkpoints.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        await db.MapSnapshots.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        await db.RunEvents.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
