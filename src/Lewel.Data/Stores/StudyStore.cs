using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Stores;

/// <summary>Studies and the runs they launched.</summary>
public sealed class StudyStore(IDbContextFactory<LewelDbContext> contextFactory)
{
    public const int MaxTake = 200;

    public async Task<Study> CreateAsync(Study study, IEnumerable<StudyRun> runs, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        study.Runs.AddRange(runs);
        db.Studies.Add(study);
        await db.SaveChangesAsync(cancellationToken);
        return study;
    }

    public async Task<Study?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Studies.AsNoTracking().Include(s => s.Runs).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<Study>> ListAsync(int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Studies.AsNoTracking().Include(s => s.Runs).OrderByDescending(s => s.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxTake)).ToListAsync(cancellationToken);
    }

    /// <summary>The ids of the studies <paramref name="runId"/> belongs to.</summary>
    public async Task<IReadOnlyList<long>> StudiesOfRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.StudyRuns.Where(r => r.RunId == runId).Select(r => r.StudyId).ToListAsync(cancellationToken);
    }
}
