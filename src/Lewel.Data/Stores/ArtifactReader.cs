using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Stores;

/// <summary>Reads what a run recorded besides metrics: evaluations, checkpoints, map snapshots.</summary>
public sealed class ArtifactReader(IDbContextFactory<LewelDbContext> contextFactory)
{
    public async Task<IReadOnlyList<EvaluationResult>> EvaluationsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.EvaluationResults.AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Step).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CheckpointRecord>> CheckpointsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Checkpoints.AsNoTracking().Where(c => c.RunId == runId).OrderBy(c => c.Step).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MapSnapshotRecord>> SnapshotsAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.MapSnapshots.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Step).ThenBy(s => s.ProbeIndex)
            .ToListAsync(cancellationToken);
    }
}
