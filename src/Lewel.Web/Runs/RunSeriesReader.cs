using Lewel.Data.Series;
using Lewel.Data.Stores;

namespace Lewel.Web.Runs;

/// <summary>Metric series shaped for charts on the server: debiased EMA smoothing, then min/max downsampling to a
/// point budget (the same shaping as <c>GET /api/runs/{id}/metrics</c>).</summary>
public sealed class RunSeriesReader(MetricReader metrics)
{
    public const int DefaultMaxPoints = 2000;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>>> ReadAsync(long runId, IReadOnlyCollection<string> names,
        double smoothing, int maxPoints = DefaultMaxPoints, CancellationToken cancellationToken = default)
    {
        if (!(smoothing >= 0 && smoothing < 1)) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing must be in [0, 1)");
        var raw = await metrics.SeriesAsync(runId, names, cancellationToken);
        var shaped = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        foreach (var (name, points) in raw)
            shaped[name] = SeriesDownsampler.MinMax(EmaSmoother.Smooth(points, smoothing), Math.Max(SeriesDownsampler.MinimumPoints, maxPoints));
        return shaped;
    }
}
