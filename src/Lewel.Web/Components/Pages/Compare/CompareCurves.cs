using Lewel.Data.Series;
using Lewel.Web.Components.Charts;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Compare;

/// <summary>One compared run's line: its id, the legend label and colour.</summary>
internal sealed record CompareLine(long RunId, string Label, string Color);

/// <summary>The compared runs' training curve (one line per run, smoothed over the whole history on the server and
/// decimated with a min/max band) and the Δ of each run against a baseline at the steps both have. Live points are
/// smoothed from where the history left off and appended; the Δ is rebuilt from the smoothed values kept in memory, so
/// neither reads the store again.</summary>
internal sealed class CompareCurves
{
    private static readonly ChartXAxis StepAxis = new(ChartXKind.Step, 1, 0, DateTime.UnixEpoch);
    private readonly Dictionary<long, LiveSmoother> smoothers = [];
    private readonly Dictionary<long, int> lastSteps = [];
    private readonly Dictionary<long, SortedList<int, double>> smoothedByStep = [];
    private IReadOnlyList<CompareLine> lines = [];
    private ChartSmoothing smoothing = ChartSmoothing.Default;
    private (double Min, double Max)? range;

    public ChartFeed Overlay { get; } = new();

    public ChartFeed Delta { get; } = new();

    /// <summary>The run every Δ line is measured against.</summary>
    public long BaselineId { get; set; }

    /// <summary>The last step read or appended for each run: a live state beyond it means points were stored before
    /// the page subscribed.</summary>
    public IReadOnlyDictionary<long, int> LastSteps => lastSteps;

    /// <summary>Replaces every line with the runs' series (the visible range only, when zoomed).</summary>
    public void Load(IReadOnlyList<CompareLine> runs, IReadOnlyDictionary<long, IReadOnlyList<SeriesPoint>> series, ChartSmoothing smoothingToUse,
        (double Min, double Max)? visible)
    {
        lines = runs;
        smoothing = smoothingToUse;
        range = visible;
        smoothers.Clear();
        lastSteps.Clear();
        smoothedByStep.Clear();
        var drawn = new List<LiveSeries>();
        foreach (var line in runs)
        {
            var points = series.GetValueOrDefault(line.RunId, []);
            var data = RunChartReader.Shape("curve", points, smoothing, StepAxis, range, RunChartReader.DefaultMaxPoints);
            smoothers[line.RunId] = data.Smoother;
            lastSteps[line.RunId] = data.LastStep;
            var byStep = new SortedList<int, double>(data.Smoothed.Count);
            foreach (var p in data.Smoothed) byStep[p.Step] = p.Value;
            smoothedByStep[line.RunId] = byStep;
            if (data.Shown.Count > 0)
                drawn.Add(new LiveSeries(line.Label, line.Color, [.. data.Shown.Select(p => new LivePoint(p.X, p.Value, p.Low, p.High))], HasBand: data.Decimated));
        }
        Overlay.Replace(drawn);
        RebuildDelta();
    }

    /// <summary>Appends one run's newly stored points of the curve's metric; true when any was new.</summary>
    public bool Append(long runId, IEnumerable<MetricPointDto> points)
    {
        if (lines.FirstOrDefault(l => l.RunId == runId) is not { } line) return false;
        var last = lastSteps.GetValueOrDefault(runId, -1);
        var smoother = smoothers.TryGetValue(runId, out var s) ? s : smoothers[runId] = LiveSmoother.After(smoothing, []);
        var byStep = smoothedByStep.TryGetValue(runId, out var b) ? b : smoothedByStep[runId] = [];
        var any = false;
        foreach (var p in points.OrderBy(p => p.Step).Where(p => p.Step > last))
        {
            var y = smoother.Push(p.Value);
            byStep[p.Step] = y;
            last = p.Step;
            any = true;
            // While zoomed, points beyond the range are kept for the Δ and the smoother but not drawn.
            if (range is { } r && (p.Step < r.Min || p.Step > r.Max)) continue;
            if (!Overlay.Append(line.Label, p.Step, y))
                Overlay.Replace([.. Overlay.Series, new LiveSeries(line.Label, line.Color, [new LivePoint(p.Step, y, y, y)])]);
        }
        lastSteps[runId] = last;
        if (any) RebuildDelta();
        return any;
    }

    /// <summary>Each run but the baseline minus the baseline, at the steps both have.</summary>
    public void RebuildDelta()
    {
        var drawn = new List<LiveSeries>();
        if (smoothedByStep.TryGetValue(BaselineId, out var baseline))
        {
            foreach (var line in lines.Where(l => l.RunId != BaselineId))
            {
                var x = new List<double>();
                var d = new List<double>();
                foreach (var (step, value) in smoothedByStep.GetValueOrDefault(line.RunId) ?? [])
                {
                    if (!baseline.TryGetValue(step, out var reference)) continue;
                    if (range is { } r && (step < r.Min || step > r.Max)) continue;
                    x.Add(step);
                    d.Add(value - reference);
                }
                if (x.Count == 0) continue;
                var decimated = BandDecimator.Decimate(x, d, d, RunChartReader.DefaultMaxPoints);
                drawn.Add(new LiveSeries(DeltaLabel(line.RunId), line.Color, [.. decimated.Select(p => new LivePoint(p.X, p.Value, p.Low, p.High))],
                    HasBand: x.Count > RunChartReader.DefaultMaxPoints));
            }
        }
        Delta.Replace(drawn);
    }

    public string DeltaLabel(long runId) => $"#{runId} − #{BaselineId}";
}
