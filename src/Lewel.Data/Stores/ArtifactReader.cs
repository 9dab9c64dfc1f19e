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

    /// <summary>The run's own evaluations and those of its evaluation runs (children of kind eval), each once; a
    /// result's <see cref="EvaluationResult.RunId"/> says which run measured it.</summary>
    public async Task<IReadOnlyList<EvaluationResult>> EvaluationsWithChildrenAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var children = db.Runs.Where(r => r.ParentRunId == runId && r.Kind == RunKind.Eval).Select(r => r.Id);
        return await db.EvaluationResults.AsNoTracking().Where(e => e.RunId == runId || children.Contains(e.RunId))
            .OrderBy(e => e.Step).ThenBy(e => e.Id).ToListAsync(cancellationToken);
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
