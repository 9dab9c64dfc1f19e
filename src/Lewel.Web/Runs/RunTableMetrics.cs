using Lewel.Data;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Web.Runs;

/// <summary>The best value of a few evaluation series for a page of runs in one query, for the runs table (best kNN
/// and linear top-1).</summary>
public sealed class RunTableMetrics(IDbContextFactory<LewelDbContext> contextFactory)
{
    public static readonly string KnnTop1 = MetricNames.Evaluation("knn", "top1");
    public static readonly string LinearTop1 = MetricNames.Evaluation("linear", "top1");

    /// <summary>Run id → series name → best (largest) value, for <paramref name="names"/> (defaults: kNN and linear top-1),
    /// over the run's own series and those of its evaluation runs (children).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, double>>> BestAsync(IReadOnlyCollection<long> runIds,
        IReadOnlyCollection<string>? names = null, CancellationToken cancellationToken = default)
    {
        names ??= [KnnTop1, LinearTop1];
        if (runIds.Count == 0) return new Dictionary<long, IReadOnlyDictionary<string, double>>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owner = runIds.Distinct().ToDictionary(id => id, id => id);
        foreach (var child in await db.Runs.AsNoTracking().Where(r => r.ParentRunId != null && r.Kind == Lewel.Data.Entities.RunKind.Eval && runIds.Contains(r.ParentRunId.Value))
                     .Select(r => new { r.Id, Parent = r.ParentRunId!.Value }).ToListAsync(cancellationToken))
            owner.TryAdd(child.Id, child.Parent);
        var measured = owner.Keys.ToList();
        var rows = await db.MetricPoints.AsNoTracking()
            .Where(m => measured.Contains(m.RunId) && names.Contains(m.Name) && m.Value != null)
            .GroupBy(m => new { m.RunId, m.Name })
            .Select(g => new { g.Key.RunId, g.Key.Name, Best = g.Max(m => m.Value) })
            .ToListAsync(cancellationToken);
        return rows.Where(r => r.Best is not null)
            .GroupBy(r => owner[r.RunId])
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, double>)g.GroupBy(r => r.Name, StringComparer.Ordinal)
                    .ToDictionary(n => n.Key, n => n.Max(r => r.Best!.Value), StringComparer.Ordinal));
    }
}
