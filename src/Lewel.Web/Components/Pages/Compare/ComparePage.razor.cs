using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Components.Charts;
using Lewel.Web.Components.Configs;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;

namespace Lewel.Web.Components.Pages.Compare;

/// <summary>Several runs side by side: one metric overlaid with a Δ-against-a-baseline curve (the paired partner by
/// default), the configuration differences, evaluation results by protocol and the alignment maps of one probe image at
/// one shared step. Updates live.</summary>
public partial class ComparePage
{
    private const int MaxRuns = 8;
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly (string Name, string Label)[] Metrics =
    [
        (MetricNames.Loss, "loss (total)"), (MetricNames.LossGlobal, "loss (global)"), (MetricNames.LossAligned, "loss (aligned)"),
        (RunTableMetrics.KnnTop1, "kNN top-1 (%)"), (MetricNames.EmbeddingStd, "embedding std"), (MetricNames.MapEntropyRatio, "map entropy / log P"),
        (MetricNames.LearningRate, "learning rate"), (MetricNames.ImagesPerSecond, "training step throughput (images/s)"),
    ];
    private static readonly IReadOnlyList<ChartReferenceLine> zeroLine = [new(0, "0")];

    [Inject] private RunStore Runs { get; set; } = default!;
    [Inject] private ArtifactReader Artifacts { get; set; } = default!;
    [Inject] private RunSeriesReader SeriesReader { get; set; } = default!;
    [Inject] private RunNotifier Notifier { get; set; } = default!;

    /// <summary>Comma-separated run ids.</summary>
    [SupplyParameterFromQuery(Name = "ids")] public string? Ids { get; set; }

    private List<Run> runs = [];
    private string? message;
    private string metric = MetricNames.Loss;
    private double smoothing = 0.6;
    private bool logScale;
    private long baselineId;
    private bool paired;
    private IReadOnlyList<ChartSeries> overlay = [], delta = [];
    private IReadOnlyList<ConfigDiff.Column> columns = [];
    private List<EvaluationRow> evaluationRows = [];
    private readonly Dictionary<long, List<MapSnapshotDto>> snapshots = [];
    private IReadOnlyList<int> mapSteps = [];
    private IReadOnlyList<int> probes = [];
    private int mapStep, probe;
    private readonly Dictionary<long, IReadOnlyList<SeriesPoint>> curves = [];
    private readonly List<IDisposable> subscriptions = [];
    private int refreshPending;
    private string? loadedIds;

    /// <summary>One evaluated value across the runs: each run's best value and, where the evaluation says on how many
    /// test images it was measured (querySize), that count for its interval.</summary>
    private sealed record EvaluationRow(string Protocol, IReadOnlyDictionary<string, string> Parameters, string Value, Dictionary<long, double?> Best,
        Dictionary<long, int> TestImages)
    {
        /// <summary>Accuracies (top-k in percent) on a known number of test images get a Wilson interval.</summary>
        public (double Low, double High)? Interval(long runId) =>
            Value.StartsWith("top", StringComparison.Ordinal) && Best.GetValueOrDefault(runId) is { } v && TestImages.TryGetValue(runId, out var n) && n > 0
                ? BinomialInterval.Wilson(v, n) : null;

        /// <summary>Every run has an interval and they all overlap: the difference is within sampling noise.</summary>
        public bool WithinNoise(IEnumerable<long> runIds)
        {
            var intervals = runIds.Select(Interval).ToList();
            return intervals.Count >= 2 && intervals.All(i => i is not null) && BinomialInterval.AllOverlap([.. intervals.Select(i => i!.Value)]);
        }
    }

    /// <summary>Losses of different methods are different objectives: their difference means nothing.</summary>
    private static bool IsLoss(string name) => name.StartsWith("loss", StringComparison.Ordinal);

    /// <summary>The Δ chart is drawn unless the curve is a loss and the runs' methods differ.</summary>
    private bool DeltaMeaningful => !IsLoss(metric) || runs.Select(r => r.Method).Distinct(StringComparer.Ordinal).Count() <= 1;

    /// <summary>Evaluation series (<c>knn.top1</c>) are a few measured points: never smoothed.</summary>
    private static bool IsEvaluation(string name) => name.Contains('.', StringComparison.Ordinal);

    private string MetricLabel => Metrics.FirstOrDefault(m => m.Name == metric).Label ?? metric;

    private string ColorOf(long runId) => ChartPalette.At(runs.FindIndex(r => r.Id == runId));

    protected override async Task OnParametersSetAsync()
    {
        if (loadedIds == Ids) return;
        loadedIds = Ids;
        foreach (var s in subscriptions) s.Dispose();
        subscriptions.Clear();
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
        var pairedPartner = runs.Count == 2 && runs[0].PairingKey is { } key && runs[1].PairingKey == key;
        paired = pairedPartner;
        baselineId = runs.FirstOrDefault(r => !Lewel.Engine.Config.MethodIds.IsLewel(r.Method))?.Id ?? runs[0].Id;
        // Different methods are compared by what they learned, not by their (different) objectives.
        metric = runs.Select(r => r.Method).Distinct(StringComparer.Ordinal).Count() > 1 ? RunTableMetrics.KnnTop1 : MetricNames.Loss;
        columns = [.. runs.Select(r => new ConfigDiff.Column($"#{r.Id} {RunFormat.MethodTitle(r.Method)}", r.ConfigJson))];
        foreach (var run in runs)
            snapshots[run.Id] = [.. (await Artifacts.SnapshotsAsync(run.Id)).Select(MapSnapshotDto.From)];
        UpdateMapAxis(followLatest: true);
        await LoadEvaluationsAsync();
        await LoadCurvesAsync();
        if (metric == RunTableMetrics.KnnTop1 && curves.Values.All(c => c.Count == 0))
        {
            // No kNN monitor point yet: the loss is the only curve (its Δ stays hidden across methods).
            metric = MetricNames.Loss;
            await LoadCurvesAsync();
        }
        foreach (var run in runs)
        {
            var runId = run.Id;
            subscriptions.Add(Notifier.Subscribe(runId, update => OnUpdateAsync(runId, update)));
        }
    }

    private async Task OnUpdateAsync(long runId, RunUpdate update)
    {
        switch (update)
        {
            case SnapshotAdded added:
                await InvokeAsync(() =>
                {
                    var list = snapshots[runId];
                    list.RemoveAll(s => s.Step == added.Snapshot.Step && s.ProbeIndex == added.Snapshot.ProbeIndex);
                    list.Add(added.Snapshot);
                    UpdateMapAxis(followLatest: mapSteps.Count == 0 || mapStep == mapSteps[^1]);
                    StateHasChanged();
                });
                break;
            case RunStatusChanged changed:
                await InvokeAsync(async () =>
                {
                    if (await Runs.FindAsync(runId) is { } fresh) runs[runs.FindIndex(r => r.Id == runId)] = fresh;
                    StateHasChanged();
                });
                _ = ScheduleRefreshAsync();
                break;
            case MetricsAppended or EvaluationAdded:
                _ = ScheduleRefreshAsync();
                break;
        }
    }

    private async Task ScheduleRefreshAsync()
    {
        if (Interlocked.Exchange(ref refreshPending, 1) == 1) return;
        await Task.Delay(Refresh);
        Interlocked.Exchange(ref refreshPending, 0);
        await InvokeAsync(async () =>
        {
            await LoadCurvesAsync();
            await LoadEvaluationsAsync();
            StateHasChanged();
        });
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
        baselineId = id;
        BuildCharts();
    }

    private async Task LoadCurvesAsync()
    {
        foreach (var run in runs)
        {
            var read = await SeriesReader.ReadAsync(run.Id, [metric], IsEvaluation(metric) ? 0 : smoothing);
            curves[run.Id] = read.TryGetValue(metric, out var points) ? points : [];
        }
        BuildCharts();
    }

    private void BuildCharts()
    {
        overlay = [.. runs.Select((r, i) => new ChartSeries($"#{r.Id} {RunFormat.MethodTitle(r.Method)}",
            [.. curves.GetValueOrDefault(r.Id, []).Select(p => new ChartPoint(p.Step, p.Value))], ChartPalette.At(i)))];
        var baseline = curves.GetValueOrDefault(baselineId, []).ToDictionary(p => p.Step, p => p.Value);
        delta = [.. runs.Select((r, i) => (Run: r, Index: i)).Where(x => x.Run.Id != baselineId).Select(x => new ChartSeries(
            $"#{x.Run.Id} − #{baselineId}",
            [.. curves.GetValueOrDefault(x.Run.Id, []).Where(p => baseline.ContainsKey(p.Step)).Select(p => new ChartPoint(p.Step, p.Value - baseline[p.Step]))],
            ChartPalette.At(x.Index)))];
    }

    private async Task LoadEvaluationsAsync()
    {
        var rows = new Dictionary<string, EvaluationRow>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var measured = new List<long> { run.Id };
            measured.AddRange((await Runs.ListAsync(new RunFilter { ParentRunId = run.Id, Kind = RunKind.Eval, Take = 100 })).Items.Select(c => c.Id));
            var results = new List<EvaluationDto>();
            foreach (var id in measured) results.AddRange((await Artifacts.EvaluationsAsync(id)).Select(EvaluationDto.From));
            foreach (var evaluation in results)
            {
                var parameters = string.Join(",", evaluation.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                foreach (var (name, value) in evaluation.Values)
                {
                    var key = $"{evaluation.Protocol}|{parameters}|{name}";
                    if (!rows.TryGetValue(key, out var row))
                        rows[key] = row = new EvaluationRow(evaluation.Protocol, evaluation.Parameters, name, [], []);
                    if (!double.IsFinite(value)) continue;
                    if (row.Best.GetValueOrDefault(run.Id) is { } best && best >= value) continue;
                    row.Best[run.Id] = value;
                    if (evaluation.Parameters.TryGetValue("querySize", out var size) && int.TryParse(size, System.Globalization.CultureInfo.InvariantCulture, out var n))
                        row.TestImages[run.Id] = n;
                    else
                        row.TestImages.Remove(run.Id);
                }
            }
        }
        evaluationRows = [.. rows.Values.OrderBy(r => r.Protocol, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal)];
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
        foreach (var s in subscriptions) s.Dispose();
        return ValueTask.CompletedTask;
    }
}
