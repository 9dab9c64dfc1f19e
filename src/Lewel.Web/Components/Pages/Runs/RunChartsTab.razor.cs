using Lewel.Engine.Config;
using Lewel.Web.Components.Charts;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>The run page's charts and health panel. The history is read once (smoothed over all of it on the server,
/// decimated with a min/max band); while the run is live the page hands each stored batch to <see cref="Append"/>,
/// which smooths the new points from where the history left off and appends them: no history is read again. A zoom
/// re-reads the visible range at full resolution; changing the smoothing or the x axis reads the history again.</summary>
public partial class RunChartsTab
{
    private readonly Dictionary<string, ChartFeed> feeds = RunChartDefinitions.All.ToDictionary(c => c.Key, _ => new ChartFeed());
    private readonly Dictionary<string, int> lastSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveSmoother> smoothers = new(StringComparer.Ordinal);
    private ChartSmoothing smoothing = ChartSmoothing.Default;
    private ChartXKind xKind = ChartXKind.Step;
    private ChartXAxis axis = new(ChartXKind.Step, 1, 0, DateTime.UnixEpoch);
    private (double Min, double Max)? range;
    private bool logScale;
    private long loadedRun = -1;
    private int loadGeneration;
    private bool historyRead;
    /// <summary>Batches that arrived while a read was under way (null when none is).</summary>
    private List<IReadOnlyList<MetricPointDto>>? heldBack;
    private IReadOnlyDictionary<string, MetricPointDto>? catchUp;
    private ChartGroup? group;

    [Inject] private RunChartHistory History { get; set; } = default!;

    [Parameter, EditorRequired] public long RunId { get; set; }

    /// <summary>When the run started (the origin of the wall-time axis).</summary>
    [Parameter] public DateTime? StartedAt { get; set; }

    [Parameter] public RunConfig? Config { get; set; }

    [Parameter] public int TotalSteps { get; set; }

    /// <summary>Reference lines per chart key (the health thresholds).</summary>
    [Parameter] public IReadOnlyDictionary<string, IReadOnlyList<ChartReferenceLine>> References { get; set; } =
        new Dictionary<string, IReadOnlyList<ChartReferenceLine>>();

    /// <summary>How many times the history was read (a measure of the store queries the charts cause).</summary>
    public int Reads { get; private set; }

    /// <summary>What an empty chart says: until the history has been read, not yet that the run has no points.</summary>
    private string EmptyTextOf(RunChartDefinition chart) => historyRead ? chart.EmptyText : "Reading the history…";

    private string AmountLabel => smoothing.Kind switch
    {
        SmoothingKind.Ema => "weight",
        SmoothingKind.RunningMean => "window (points)",
        _ => "σ (points)",
    };

    private double AmountMax => smoothing.Kind == SmoothingKind.Ema ? 0.99 : 200;
    private double AmountStep => smoothing.Kind == SmoothingKind.Ema ? 0.01 : 1;

    protected override async Task OnParametersSetAsync()
    {
        // The charts are drawn by script once the circuit is live: a prerendered page would read and shape the whole
        // history only to throw it away (1.3 s of a 100,000-step run page's 4 s, measured), and the interactive render
        // reads it again.
        if (!RendererInfo.IsInteractive || loadedRun == RunId) return;
        loadedRun = RunId;
        range = null;
        await LoadAsync();
    }

    /// <summary>Reads the charts' series from the store (the visible range only, when zoomed) and replaces the lines.
    /// The read and the shaping run off the circuit's thread: over a long history they take half a second, during which
    /// the page stays responsive. Batches that arrive meanwhile are held back and appended once the lines are in; of two
    /// overlapping reads, the later one's lines are kept.</summary>
    public async Task LoadAsync()
    {
        axis = AxisFor(xKind);
        Reads++;
        var generation = ++loadGeneration;
        heldBack ??= [];
        var (axisNow, smoothingNow, rangeNow) = (axis, smoothing, range);
        RunChartLines shaped;
        try
        {
            shaped = await Task.Run(() => History.ReadAsync(RunId, axisNow, smoothingNow, rangeNow));
        }
        catch when (generation == loadGeneration)
        {
            heldBack = null;
            throw;
        }
        if (generation != loadGeneration) return;
        lastSteps.Clear();
        smoothers.Clear();
        foreach (var (metric, last) in shaped.LastSteps) lastSteps[metric] = last;
        foreach (var (metric, smoother) in shaped.Smoothers) smoothers[metric] = smoother;
        foreach (var (key, lines) in shaped.Lines) feeds[key].Replace(lines);
        // The state the page subscribed to was checked against this read before any batch that came after it.
        if (catchUp is { } latestSeen)
        {
            catchUp = null;
            if (Behind(latestSeen))
            {
                await LoadAsync(); // it appends the held-back batches
                return;
            }
        }
        historyRead = true;
        var held = heldBack;
        heldBack = null;
        foreach (var points in held) Append(points);
    }

    /// <summary>Reads the history once more when the store holds points beyond the last read: points stored between
    /// that read and the page's subscription, whose state <paramref name="latestMetrics"/> is. While a read is under way
    /// the check waits for it.</summary>
    public async Task CatchUpAsync(IReadOnlyDictionary<string, MetricPointDto> latestMetrics)
    {
        if (heldBack is not null)
        {
            catchUp = latestMetrics;
            return;
        }
        if (Behind(latestMetrics)) await LoadAsync();
    }

    private bool Behind(IReadOnlyDictionary<string, MetricPointDto> latestMetrics) =>
        latestMetrics.Any(m => lastSteps.TryGetValue(m.Key, out var read) ? m.Value.Step > read : RunChartDefinitions.StoredNames.Contains(m.Key));

    /// <summary>Appends the points of one stored batch to the charts, without reading the store.</summary>
    public void Append(IReadOnlyList<MetricPointDto> points)
    {
        if (heldBack is not null)
        {
            heldBack.Add(points);
            return;
        }
        var byName = points.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Step).ToList(), StringComparer.Ordinal);
        if (byName.TryGetValue(MetricNames.DataWaitSeconds, out var waits) && byName.TryGetValue(MetricNames.ComputeSeconds, out var computes))
        {
            var computeByStep = computes.GroupBy(c => c.Step).ToDictionary(g => g.Key, g => g.Last().Value);
            byName[RunChartDefinitions.DataWaitShare] = [.. waits
                .Where(w => computeByStep.TryGetValue(w.Step, out var c) && w.Value + c > 0)
                .Select(w => w with { Name = RunChartDefinitions.DataWaitShare, Value = w.Value / (w.Value + computeByStep[w.Step]) })];
        }
        foreach (var (name, fresh) in byName)
            if (!RunChartDefinitions.ChartedNames.Contains(name))
                lastSteps[name] = Math.Max(lastSteps.GetValueOrDefault(name, -1), fresh[^1].Step);
        foreach (var chart in RunChartDefinitions.All)
        {
            for (var i = 0; i < chart.Lines.Count; i++)
            {
                var (metric, label) = chart.Lines[i];
                if (!byName.TryGetValue(metric, out var fresh)) continue;
                AppendLine(chart, feeds[chart.Key], metric, label, ChartPalette.At(i), fresh);
            }
        }
    }

    private void AppendLine(RunChartDefinition chart, ChartFeed feed, string metric, string label, string color, List<MetricPointDto> fresh)
    {
        var last = lastSteps.GetValueOrDefault(metric, -1);
        if (!smoothers.TryGetValue(metric, out var smoother))
        {
            smoother = LiveSmoother.After(chart.Measured ? new ChartSmoothing(SmoothingKind.Ema, 0) : smoothing, []);
            smoothers[metric] = smoother;
        }
        var showRaw = smoothing.ShowRaw && !smoothing.IsNone && !chart.Measured;
        foreach (var p in fresh.Where(p => p.Step > last))
        {
            var x = axis.Of(p.Step, p.Epoch, p.Time);
            var y = smoother.Push(p.Value);
            last = p.Step;
            // While zoomed, points beyond the range are kept by the smoother but not drawn.
            if (range is { } r && (x < r.Min || x > r.Max)) continue;
            if (!feed.Append(label, x, y))
            {
                // The first point of a line the chart did not have yet.
                var lines = feed.Series.ToList();
                lines.Add(new LiveSeries(label, color, [new LivePoint(x, y, y, y)]));
                if (showRaw) lines.Add(new LiveSeries(RunChartHistory.RawName(label), color, [new LivePoint(x, p.Value, p.Value, p.Value)], Faint: true));
                feed.Replace(lines);
                continue;
            }
            if (showRaw) feed.Append(RunChartHistory.RawName(label), x, p.Value);
        }
        lastSteps[metric] = last;
    }

    private ChartXAxis AxisFor(ChartXKind kind)
    {
        var stepsPerEpoch = Config is { Epochs: { } epochs } && epochs > 0 && TotalSteps > 0 ? (double)TotalSteps / epochs : 0;
        return new ChartXAxis(kind, Math.Max(1, Config?.BatchSize ?? 1), stepsPerEpoch, StartedAt ?? DateTime.UnixEpoch);
    }

    private async Task OnRangeChangedAsync((double Min, double Max)? visible)
    {
        range = visible;
        await LoadAsync();
    }

    private async Task SetKindAsync(SmoothingKind kind)
    {
        smoothing = kind switch
        {
            SmoothingKind.Ema => smoothing with { Kind = kind, Amount = ChartSmoothing.Default.Amount },
            SmoothingKind.RunningMean => smoothing with { Kind = kind, Amount = 20 },
            _ => smoothing with { Kind = kind, Amount = 5 },
        };
        await LoadAsync();
    }

    private async Task SetAmountAsync(double amount)
    {
        smoothing = smoothing with { Amount = smoothing.Kind == SmoothingKind.RunningMean ? Math.Max(1, amount) : amount };
        await LoadAsync();
    }

    private async Task SetShowRawAsync(bool show)
    {
        smoothing = smoothing with { ShowRaw = show };
        await LoadAsync();
    }

    private async Task SetXKindAsync(ChartXKind kind)
    {
        xKind = kind;
        // A zoomed range is in the old axis' units: the reset reads the new axis' whole history.
        if (range is not null && group is not null) await group.ResetAsync();
        else await LoadAsync();
    }
}
