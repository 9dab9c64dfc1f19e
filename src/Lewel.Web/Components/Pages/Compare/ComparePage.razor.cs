using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Components.Charts;
using Lewel.Web.Components.Configs;
using Lewel.Web.Components.Live;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;

namespace Lewel.Web.Components.Pages.Compare;

/// <summary>Several runs side by side on the interactive charts (one line per run, synced zoom, a hover read-out of
/// every run): one training curve with a Δ against a baseline (the paired partner by default; never a loss Δ across
/// methods), the evaluations over steps with their intervals, the configuration differences, evaluation results by
/// protocol and the alignment maps of one probe image at one shared step. Everything is read once; live runs then
/// arrive through one <see cref="LiveRunUpdates"/> (one subscription per compared run) and are applied from memory.</summary>
public partial class ComparePage
{
    private const int MaxRuns = 8;
    private static readonly (string Name, string Label)[] Metrics =
    [
        (MetricNames.Loss, "loss (total)"), (MetricNames.LossGlobal, "loss (global)"), (MetricNames.LossAligned, "loss (aligned)"),
        (RunTableMetrics.KnnTop1, "kNN top-1 (%)"), (MetricNames.EmbeddingStd, "embedding std"), (MetricNames.MapEntropyRatio, "map entropy / log P"),
        (MetricNames.LearningRate, "learning rate"), (MetricNames.ImagesPerSecond, "training step throughput (images/s)"),
    ];
    private static readonly IReadOnlyList<ChartReferenceLine> zeroLine = [new(0, "0")];

    [Inject] private RunStore Runs { get; set; } = default!;
    [Inject] private ArtifactReader Artifacts { get; set; } = default!;
    [Inject] private MetricReader MetricStore { get; set; } = default!;
    [Inject] private RunNotifier Notifier { get; set; } = default!;

    /// <summary>Comma-separated run ids.</summary>
    [SupplyParameterFromQuery(Name = "ids")] public string? Ids { get; set; }

    private List<Run> runs = [];
    private readonly Dictionary<long, RunStatus> statuses = [];
    private string? message;
    private string metric = MetricNames.Loss;
    private double smoothing = 0.6;
    private bool logScale;
    private bool paired;
    private (double Min, double Max)? range;
    private readonly CompareCurves curves = new();
    private readonly Dictionary<CompareEvaluationChart, ChartFeed> evaluationFeeds = CompareEvaluationCurves.All.ToDictionary(c => c, _ => new ChartFeed());
    private IReadOnlyList<ConfigDiff.Column> columns = [];
    private List<CompareEvaluationRow> evaluationRows = [];
    private readonly Dictionary<long, List<EvaluationDto>> evaluations = [];
    private readonly Dictionary<long, List<SeriesPoint>> knnSeries = [];
    private readonly Dictionary<long, long> evaluationRunParents = [];
    private readonly Dictionary<long, List<MapSnapshotDto>> snapshots = [];
    private IReadOnlyList<int> mapSteps = [];
    private IReadOnlyList<int> probes = [];
    private int mapStep, probe;
    private string? loadedIds;
    private string? watchedIds;
    private LiveRunUpdates? live;

    /// <summary>How many times the training curves were read from the store (the page's own measure of its queries).</summary>
    public int CurveReads { get; private set; }

    private long baselineId => curves.BaselineId;

    /// <summary>Losses of different methods are different objectives: their difference means nothing.</summary>
    private static bool IsLoss(string name) => name.StartsWith("loss", StringComparison.Ordinal);

    /// <summary>The Δ chart is drawn unless the curve is a loss and the runs' methods differ.</summary>
    private bool DeltaMeaningful => !IsLoss(metric) || runs.Select(r => r.Method).Distinct(StringComparer.Ordinal).Count() <= 1;

    /// <summary>Evaluation series (<c>knn.top1</c>) are a few measured points: never smoothed.</summary>
    private static bool IsEvaluation(string name) => name.Contains('.', StringComparison.Ordinal);

    private ChartSmoothing CurveSmoothing => IsEvaluation(metric) ? new ChartSmoothing(SmoothingKind.Ema, 0) : new ChartSmoothing(SmoothingKind.Ema, smoothing);

    private string MetricLabel => Metrics.FirstOrDefault(m => m.Name == metric).Label ?? metric;

    private string ColorOf(long runId) => ChartPalette.At(runs.FindIndex(r => r.Id == runId));

    private static string LabelOf(Run run) => $"#{run.Id} {RunFormat.MethodTitle(run.Method)}";

    private List<CompareLine> Lines => [.. runs.Select((r, i) => new CompareLine(r.Id, LabelOf(r), ChartPalette.At(i)))];

    /// <summary>The evaluation charts drawn: the kNN one always, the others where some run has a result.</summary>
    private IEnumerable<CompareEvaluationChart> EvaluationCharts =>
        CompareEvaluationCurves.All.Where(c => c == CompareEvaluationCurves.Knn || evaluationFeeds[c].PointCount > 0);

    protected override async Task OnParametersSetAsync()
    {
        if (loadedIds == Ids) return;
        loadedIds = Ids;
        live?.Stop();
        watchedIds = null;
        var ids = (Ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => long.TryParse(t, out var id) ? id : -1).Where(id => id > 0).Distinct().Take(MaxRuns).ToList();
        runs = [];
        foreach (var id in ids)
            if (await Runs.FindAsync(id) is { } run) runs.Add(run);
        message = runs.Count switch
        {
            0 => ids.Count == 0 ? "No runs to compare." : "None of these runs exists.",
            _ => null,
        };
        if (runs.Count == 0) return;
        statuses.Clear();
        foreach (var run in runs) statuses[run.Id] = run.Status;
        paired = runs.Count == 2 && runs[0].PairingKey is { } key && runs[1].PairingKey == key;
        curves.BaselineId = runs.FirstOrDefault(r => !Lewel.Engine.Config.MethodIds.IsLewel(r.Method))?.Id ?? runs[0].Id;
        columns = [.. runs.Select(r => new ConfigDiff.Column(LabelOf(r), r.ConfigJson))];
        snapshots.Clear();
        foreach (var run in runs)
            snapshots[run.Id] = [.. (await Artifacts.SnapshotsAsync(run.Id)).Select(MapSnapshotDto.From)];
        UpdateMapAxis(followLatest: true);
        await LoadEvaluationsAsync();
        // Different methods are compared by what they learned, not by their (different) objectives.
        var methodsDiffer = runs.Select(r => r.Method).Distinct(StringComparer.Ordinal).Count() > 1;
        metric = methodsDiffer && knnSeries.Values.Any(s => s.Count > 0) ? RunTableMetrics.KnnTop1 : MetricNames.Loss;
        range = null;
        await LoadCurvesAsync();
    }

    /// <summary>Subscribes after the first render (never while prerendering): each compared run's updates, and the
    /// evaluations of other runs, which may be evaluation runs of a compared one.</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (runs.Count == 0 || watchedIds == loadedIds) return;
        watchedIds = loadedIds;
        live ??= new LiveRunUpdates(Notifier, work => InvokeAsync(work), ApplyAsync, StateHasChanged);
        live.Stop();
        var compared = runs.Select(r => r.Id).ToHashSet();
        foreach (var id in compared) live.Watch(id);
        live.WatchAll(u => u is EvaluationAdded && !compared.Contains(u.RunId));
    }

    /// <summary>The one place the page changes from a live update (inside InvokeAsync, queued and throttled by
    /// <see cref="LiveRunUpdates"/>).</summary>
    private async Task ApplyAsync(RunUpdate update)
    {
        if (runs.All(r => r.Id != update.RunId))
        {
            if (update is EvaluationAdded child && await ComparedParentAsync(child.RunId) is { } parent)
                AddEvaluations(parent, [child.Evaluation]);
            return;
        }
        var runId = update.RunId;
        switch (update)
        {
            case RunState state:
                statuses[runId] = state.Status;
                MergeSnapshots(runId, state.Snapshots);
                AddEvaluations(runId, state.Evaluations);
                // Points stored between the page's read and its subscription: read the curves once more.
                if (state.LatestMetrics.TryGetValue(metric, out var latest) && latest.Step > curves.LastSteps.GetValueOrDefault(runId, -1))
                    await LoadCurvesAsync();
                break;
            case RunStatusChanged changed:
                statuses[runId] = changed.Status;
                break;
            case MetricsAppended metrics:
                curves.Append(runId, metrics.Points.Where(p => p.Name == metric));
                var knn = metrics.Points.Where(p => p.Name == RunTableMetrics.KnnTop1).ToList();
                if (knn.Count > 0)
                {
                    var series = knnSeries.TryGetValue(runId, out var s) ? s : knnSeries[runId] = [];
                    series.AddRange(knn.Select(p => new SeriesPoint(p.Step, p.Epoch, p.Value, p.Time)));
                    BuildEvaluationCharts();
                }
                break;
            case EvaluationAdded added:
                AddEvaluations(runId, [added.Evaluation]);
                break;
            case SnapshotAdded added:
                MergeSnapshots(runId, [added.Snapshot]);
                break;
        }
    }

    /// <summary>The compared run that <paramref name="runId"/> evaluates, if any (a run seen for the first time is
    /// looked up once).</summary>
    private async Task<long?> ComparedParentAsync(long runId)
    {
        if (!evaluationRunParents.TryGetValue(runId, out var parent))
        {
            parent = await Runs.FindAsync(runId) is { Kind: RunKind.Eval, ParentRunId: { } p } ? p : 0;
            evaluationRunParents[runId] = parent;
        }
        return runs.Any(r => r.Id == parent) ? parent : null;
    }

    private async Task ChooseMetricAsync(string value)
    {
        metric = value;
        await LoadCurvesAsync();
    }

    private async Task SmoothAsync(double value)
    {
        smoothing = value;
        await LoadCurvesAsync();
    }

    private void ChooseBaseline(long id)
    {
        curves.BaselineId = id;
        curves.RebuildDelta();
    }

    private async Task OnRangeChangedAsync((double Min, double Max)? visible)
    {
        range = visible;
        await LoadCurvesAsync();
    }

    private async Task LoadCurvesAsync()
    {
        CurveReads++;
        var series = new Dictionary<long, IReadOnlyList<SeriesPoint>>();
        foreach (var run in runs)
        {
            var read = await MetricStore.SeriesAsync(run.Id, [metric]);
            series[run.Id] = read.GetValueOrDefault(metric) ?? [];
        }
        curves.Load(Lines, series, CurveSmoothing, range);
    }

    /// <summary>Every compared run's evaluations (its own and its evaluation runs') and its kNN monitor series.</summary>
    private async Task LoadEvaluationsAsync()
    {
        evaluations.Clear();
        knnSeries.Clear();
        foreach (var run in runs)
        {
            var results = (await Artifacts.EvaluationsAsync(run.Id)).Select(EvaluationDto.From).ToList();
            foreach (var child in (await Runs.ListAsync(new RunFilter { ParentRunId = run.Id, Kind = RunKind.Eval, Take = 100 })).Items)
            {
                evaluationRunParents[child.Id] = run.Id;
                results.AddRange((await Artifacts.EvaluationsAsync(child.Id)).Select(EvaluationDto.From));
            }
            evaluations[run.Id] = results;
            knnSeries[run.Id] = [.. (await MetricStore.SeriesAsync(run.Id, [RunTableMetrics.KnnTop1])).GetValueOrDefault(RunTableMetrics.KnnTop1) ?? []];
        }
        BuildEvaluationCharts();
    }

    private void AddEvaluations(long runId, IEnumerable<EvaluationDto> added)
    {
        var list = evaluations.TryGetValue(runId, out var l) ? l : evaluations[runId] = [];
        var any = false;
        foreach (var e in added)
        {
            if (list.Any(x => x.Id == e.Id)) continue;
            list.Add(e);
            any = true;
        }
        if (any) BuildEvaluationCharts();
    }

    private void BuildEvaluationCharts()
    {
        var lines = Lines;
        foreach (var (chart, feed) in evaluationFeeds) feed.Replace(CompareEvaluationCurves.Lines(chart, lines, evaluations, knnSeries));
        evaluationRows = CompareEvaluationRow.Build(evaluations);
    }

    private void MergeSnapshots(long runId, IEnumerable<MapSnapshotDto> incoming)
    {
        var list = snapshots.TryGetValue(runId, out var l) ? l : snapshots[runId] = [];
        var followLatest = mapSteps.Count == 0 || mapStep == mapSteps[^1];
        var any = false;
        foreach (var s in incoming)
        {
            list.RemoveAll(x => x.Step == s.Step && x.ProbeIndex == s.ProbeIndex);
            list.Add(s);
            any = true;
        }
        if (any) UpdateMapAxis(followLatest);
    }

    private void UpdateMapAxis(bool followLatest)
    {
        var all = snapshots.Values.SelectMany(s => s).ToList();
        mapSteps = [.. all.Select(s => s.Step).Distinct().Order()];
        probes = [.. all.Select(s => s.ProbeIndex).Distinct().Order()];
        if (mapSteps.Count == 0) return;
        if (followLatest || !mapSteps.Contains(mapStep)) mapStep = mapSteps[^1];
        if (!probes.Contains(probe)) probe = probes[0];
    }

    /// <summary>The run's snapshot of the chosen probe at the shared step, or its latest one before it (runs snapshot
    /// on their own schedules).</summary>
    private MapSnapshotDto? SnapshotAt(long runId) => snapshots.GetValueOrDefault(runId, [])
        .Where(s => s.ProbeIndex == probe && s.Step <= mapStep).MaxBy(s => s.Step);

    public ValueTask DisposeAsync()
    {
        live?.Dispose();
        return ValueTask.CompletedTask;
    }
}
