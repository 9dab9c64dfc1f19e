using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Components.Charts;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>The run page's charts as read from the store: every stored series the charts need, smoothed over its whole
/// history and decimated (<see cref="RunChartReader.Shape"/>), as the lines of each chart.</summary>
internal class RunChartHistory(MetricReader metrics)
{
    /// <summary>Reads and shapes the history of <paramref name="runId"/> (only the points inside <paramref name="range"/>,
    /// when zoomed).</summary>
    public virtual async Task<RunChartLines> ReadAsync(long runId, ChartXAxis axis, ChartSmoothing smoothing, (double Min, double Max)? range)
    {
        var raw = new Dictionary<string, IReadOnlyList<SeriesPoint>>(await metrics.SeriesAsync(runId, RunChartDefinitions.StoredNames), StringComparer.Ordinal);
        raw[RunChartDefinitions.DataWaitShare] = DataWaitShare(raw.GetValueOrDefault(MetricNames.DataWaitSeconds) ?? [],
            raw.GetValueOrDefault(MetricNames.ComputeSeconds) ?? []);
        var shaped = new RunChartLines([], [], []);
        // Every stored series read counts, charted or not (the data-wait share's parts), so that the state the page
        // subscribes to does not look ahead of this read.
        foreach (var (name, points) in raw)
            if (points.Count > 0) shaped.LastSteps[name] = points[^1].Step;
        // Each line is smoothed and decimated on its own, side by side: over a long history that is a tenth of a second.
        var work = RunChartDefinitions.All.SelectMany(chart => chart.Lines.Select((line, index) => (chart, line.Metric, line.Label, index)))
            .Where(w => raw.TryGetValue(w.Metric, out var points) && points.Count > 0).ToArray();
        var results = new ChartSeriesData[work.Length];
        Parallel.For(0, work.Length, n =>
        {
            var (chart, metric, _, _) = work[n];
            var smoothingHere = chart.Measured ? new ChartSmoothing(SmoothingKind.Ema, 0) : smoothing;
            // Measurements are few: all of them stay (the zoomed axis clips them), so a zoom between two never empties the chart.
            results[n] = RunChartReader.Shape(metric, raw[metric], smoothingHere, axis, chart.Measured ? null : range, RunChartReader.DefaultMaxPoints);
        });
        foreach (var chart in RunChartDefinitions.All) shaped.Lines[chart.Key] = [];
        for (var n = 0; n < work.Length; n++)
        {
            var (chart, metric, label, index) = work[n];
            var data = results[n];
            shaped.Smoothers[metric] = data.Smoother;
            var lines = shaped.Lines[chart.Key];
            var color = ChartPalette.At(index);
            if (data.Raw is { } rawLine) lines.Add(new LiveSeries(RawName(label), color, ToLive(rawLine), Faint: true));
            lines.Add(new LiveSeries(label, color, ToLive(data.Shown), HasBand: data.Decimated && !chart.Measured));
        }
        return shaped;
    }

    /// <summary>The legend name of a smoothed line's raw values.</summary>
    public static string RawName(string label) => label + " (raw)";

    internal static IReadOnlyList<SeriesPoint> DataWaitShare(IReadOnlyList<SeriesPoint> wait, IReadOnlyList<SeriesPoint> compute)
    {
        var computeByStep = new Dictionary<int, double>();
        foreach (var p in compute) computeByStep[p.Step] = p.Value;
        var points = new List<SeriesPoint>(wait.Count);
        foreach (var p in wait)
            if (computeByStep.TryGetValue(p.Step, out var c) && p.Value + c > 0) points.Add(p with { Value = p.Value / (p.Value + c) });
        return points;
    }

    private static List<LivePoint> ToLive(IReadOnlyList<BandPoint> points) => [.. points.Select(p => new LivePoint(p.X, p.Value, p.Low, p.High))];
}

/// <summary>Each chart's lines (by chart key), the last step read of every stored series, and each line's smoother
/// positioned after its history (for the live tail).</summary>
internal sealed record RunChartLines(Dictionary<string, List<LiveSeries>> Lines, Dictionary<string, int> LastSteps,
    Dictionary<string, LiveSmoother> Smoothers);
