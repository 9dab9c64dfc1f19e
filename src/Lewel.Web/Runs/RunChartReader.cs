using Lewel.Data.Series;
using Lewel.Data.Stores;

namespace Lewel.Web.Runs;

/// <summary>Reads metric series for the live charts: smoothing over the full history, then decimation to a point
/// budget that keeps each bucket's min and max as a band. With a visible x range, only the points inside it are shaped,
/// so a zoom shows the range at full resolution.</summary>
public sealed class RunChartReader(MetricReader metrics)
{
    public const int DefaultMaxPoints = 2000;

    public async Task<IReadOnlyDictionary<string, ChartSeriesData>> ReadAsync(long runId, IReadOnlyCollection<string> names, ChartSmoothing smoothing,
        ChartXAxis axis, (double Min, double Max)? range = null, int maxPoints = DefaultMaxPoints, CancellationToken cancellationToken = default)
    {
        if (smoothing.Problem is { } problem) throw new ArgumentException(problem, nameof(smoothing));
        var raw = await metrics.SeriesAsync(runId, names, cancellationToken);
        var shaped = new Dictionary<string, ChartSeriesData>(StringComparer.Ordinal);
        foreach (var (name, points) in raw) shaped[name] = Shape(name, points, smoothing, axis, range, maxPoints);
        return shaped;
    }

    /// <summary>Smooths the whole history (so a zoomed range keeps the smoothing it had), then keeps the points inside
    /// <paramref name="range"/> and decimates them.</summary>
    public static ChartSeriesData Shape(string name, IReadOnlyList<SeriesPoint> points, ChartSmoothing smoothing, ChartXAxis axis,
        (double Min, double Max)? range, int maxPoints)
    {
        var smoothed = smoothing.IsNone ? points : smoothing.Apply(points);
        var x = new List<double>(points.Count);
        var shown = new List<double>(points.Count);
        var values = new List<double>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var px = axis.Of(points[i]);
            if (range is { } r && (px < r.Min || px > r.Max)) continue;
            x.Add(px);
            shown.Add(smoothed[i].Value);
            values.Add(points[i].Value);
        }
        var decimated = x.Count > maxPoints;
        var line = BandDecimator.Decimate(x, shown, values, maxPoints);
        IReadOnlyList<BandPoint>? rawLine = smoothing.ShowRaw && !smoothing.IsNone ? BandDecimator.Decimate(x, values, values, maxPoints) : null;
        return new ChartSeriesData(name, line, rawLine, points.Count > 0 ? points[^1].Step : -1, decimated, LiveSmoother.After(smoothing, points), smoothed);
    }
}
