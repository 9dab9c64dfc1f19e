using System.Globalization;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Engine.Config;
using Lewel.Engine.Training;
using Lewel.Web.Components.Charts;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>One run, live: charts re-read from the store (smoothed and downsampled on the server) at most once a second
/// while metrics arrive, snapshots, evaluations, checkpoints and log lines as the notifier publishes them.</summary>
public partial class RunDetailPage
{
    private const int LogTailLines = 200;
    private static readonly TimeSpan ChartRefresh = TimeSpan.FromSeconds(1);
    private static readonly string[] ChartSeriesNames =
    [
        MetricNames.Loss, MetricNames.LossGlobal, MetricNames.LossAligned, MetricNames.LearningRate, MetricNames.Momentum,
        MetricNames.ImagesPerSecond, MetricNames.DataWaitSeconds, MetricNames.ComputeSeconds, MetricNames.EmbeddingStd,
        MetricNames.ExpectedStd, MetricNames.MapEntropyRatio, RunTableMetrics.KnnTop1,
    ];
    private static readonly IReadOnlyList<string> QueueableProtocols = Lewel.Engine.Evaluation.EvaluationCatalog.All;

    [Inject] private RunStore Runs { get; set; } = default!;
    [Inject] private ArtifactReader Artifacts { get; set; } = default!;
    [Inject] private MetricReader Metrics { get; set; } = default!;
    [Inject] private RunSeriesReader SeriesReader { get; set; } = default!;
    [Inject] private RunService RunService { get; set; } = default!;
    [Inject] private SignedInUser User { get; set; } = default!;
    [Inject] private RunNotifier Notifier { get; set; } = default!;
    [Inject] private DataDirectory DataDirectory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    private Run? run;
    private RunConfig? config;
    private bool notFound;
    private RunStatus status;
    private int step, totalSteps;
    private string? error;
    private List<MapSnapshotDto> snapshots = [];
    private List<EvaluationDto> evaluations = [];
    private List<CheckpointDto> checkpoints = [];
    private List<LogLineDto> logs = [];
    private List<Run> partners = [];
    private List<EvaluationRun> children = [];
    private bool queueing;
    private IDisposable? childSubscription;

    /// <summary>An evaluation run of this run (a child) and what it measured.</summary>
    private sealed record EvaluationRun(Run Run, IReadOnlyList<EvaluationDto> Results);
    private Dictionary<string, MetricPointDto> latest = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> series = new Dictionary<string, IReadOnlyList<SeriesPoint>>();
    private IReadOnlyList<ChartSeries> dataWaitSeries = [], lossLines = [], lrLines = [], momentumLines = [], throughputLines = [],
        knnLines = [], stdLines = [], entropyLines = [], rankLines = [];
    private IReadOnlyList<ChartReferenceLine> healthReference = [], rankReference = [];
    private static readonly IReadOnlyList<ChartReferenceLine> entropyReference = [new(1.0, "1 = uniform")];
    private double smoothing = 0.6;
    private bool logScale;
    private bool collapseWarning;
    private bool lowRankWarning;
    private double? bestKnn;
    private int pointCount;
    private IDisposable? subscription;
    private int chartRefreshPending;
    private long loadedId = -1;

    private double? Latest(string name) => latest.TryGetValue(name, out var p) ? p.Value : null;

    /// <summary>The last point of the chart's (smoothed) series: steadier than the last raw value for noisy series.</summary>
    private double? Smoothed(string name) => series.TryGetValue(name, out var points) && points.Count > 0 ? points[^1].Value : null;

    private string DataWaitShare
    {
        get
        {
            var wait = Latest(MetricNames.DataWaitSeconds);
            var compute = Latest(MetricNames.ComputeSeconds);
            return wait is { } w && compute is { } c && w + c > 0 ? (w / (w + c)).ToString("0.0 %", CultureInfo.InvariantCulture) : "—";
        }
    }

    private TimeSpan? Eta => run is null ? null : RunFormat.Eta(CurrentRun(), DateTime.UtcNow);

    protected override async Task OnParametersSetAsync()
    {
        if (loadedId == Id) return;
        loadedId = Id;
        subscription?.Dispose();
        run = await Runs.FindAsync(Id, withHistory: true);
        notFound = run is null;
        if (run is null) return;
        ApplyRun(run);
        try
        {
            config = RunConfig.FromJson(run.ConfigJson);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ConfigException)
        {
            config = null;
        }
        snapshots = [.. (await Artifacts.SnapshotsAsync(Id)).Select(MapSnapshotDto.From)];
        evaluations = [.. (await Artifacts.EvaluationsAsync(Id)).Select(EvaluationDto.From)];
        checkpoints = [.. (await Artifacts.CheckpointsAsync(Id)).Select(CheckpointDto.From)];
        logs = ReadLogFile(run);
        latest = (await Metrics.LatestAsync(Id)).ToDictionary(p => p.Key, p => new MetricPointDto(p.Key, p.Value.Step, p.Value.Epoch, p.Value.Value, p.Value.Time), StringComparer.Ordinal);
        if (run.PairingKey is { } key)
            partners = [.. (await Runs.ListAsync(new RunFilter { PairingKey = key })).Items.Where(r => r.Id != run.Id)];
        await LoadSeriesAsync();
        await LoadChildrenAsync();
        var runId = Id;
        subscription = Notifier.Subscribe(runId, update => OnUpdateAsync(runId, update));
        childSubscription?.Dispose();
        childSubscription = Notifier.SubscribeAll(update => OnAnyUpdateAsync(runId, update));
    }

    /// <summary>Evaluation runs are children of this run; any update of a child (or of a run not seen yet, which may
    /// be a new child) reloads the list.</summary>
    private async Task OnAnyUpdateAsync(long runId, RunUpdate update)
    {
        if (runId != Id || update.RunId == Id) return;
        if (update is not (RunStatusChanged or EvaluationAdded or RunDeleted)) return;
        if (update is not RunStatusChanged && children.All(c => c.Run.Id != update.RunId)) return;
        await InvokeAsync(async () =>
        {
            await LoadChildrenAsync();
            StateHasChanged();
        });
    }

    private async Task LoadChildrenAsync()
    {
        var page = await Runs.ListAsync(new RunFilter { ParentRunId = Id, Kind = RunKind.Eval, Take = 100 });
        var loaded = new List<EvaluationRun>();
        foreach (var child in page.Items)
            loaded.Add(new EvaluationRun(child, [.. (await Artifacts.EvaluationsAsync(child.Id)).Select(EvaluationDto.From)]));
        children = loaded;
    }

    /// <summary>False (and says why) when the signed-in user's role may not change runs.</summary>
    private async Task<bool> MayChangeRunsAsync()
    {
        if (await User.MayAsync(LewelPolicies.Researcher)) return true;
        Snackbar.Add(SignedInUser.Refusal(LewelPolicies.Researcher), Severity.Error);
        return false;
    }

    private async Task QueueEvaluationAsync(string protocol)
    {
        if (!await MayChangeRunsAsync()) return;
        queueing = true;
        try
        {
            var result = await RunService.EvaluateAsync(Id, new EvaluateRequest(protocol, null, null), await User.NameAsync());
            if (result.IsValid)
                Snackbar.Add($"{protocol} evaluation queued as run #{result.Runs[0].Id}", Severity.Success);
            else
                Snackbar.Add($"{protocol} was not queued: " + string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), Severity.Error);
            await LoadChildrenAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or RunNotFoundException)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            queueing = false;
        }
    }

    private void ApplyRun(Run loaded)
    {
        (status, step, totalSteps, error) = (loaded.Status, loaded.Step, loaded.TotalSteps, loaded.Error);
    }

    private Run CurrentRun() => run!;

    private async Task OnUpdateAsync(long runId, RunUpdate update)
    {
        if (runId != Id) return;
        var reloadRun = false;
        var reloadCharts = false;
        switch (update)
        {
            case RunState state:
                (status, step, totalSteps, error) = (state.Status, state.Step, Math.Max(totalSteps, state.TotalSteps), state.Error);
                foreach (var (name, point) in state.LatestMetrics) latest[name] = point;
                MergeSnapshots(state.Snapshots);
                foreach (var e in state.Evaluations) if (evaluations.All(x => x.Id != e.Id)) evaluations.Add(e);
                foreach (var c in state.Checkpoints) if (checkpoints.All(x => x.Name != c.Name)) checkpoints.Add(c);
                if (state.RecentLogs.Count > 0 && logs.Count == 0) logs = [.. state.RecentLogs];
                reloadCharts = true;
                break;
            case RunStatusChanged changed:
                (status, step, totalSteps, error) = (changed.Status, changed.Step, changed.TotalSteps > 0 ? changed.TotalSteps : totalSteps, changed.Error);
                reloadRun = true;
                reloadCharts = true;
                break;
            case MetricsAppended metrics:
                step = Math.Max(step, metrics.Step);
                if (metrics.TotalSteps > 0) totalSteps = metrics.TotalSteps;
                foreach (var p in metrics.Points)
                    if (!latest.TryGetValue(p.Name, out var last) || last.Step <= p.Step) latest[p.Name] = p;
                reloadCharts = true;
                break;
            case SnapshotAdded added:
                MergeSnapshots([added.Snapshot]);
                break;
            case EvaluationAdded evaluation:
                evaluations.RemoveAll(e => e.Id == evaluation.Evaluation.Id);
                evaluations.Add(evaluation.Evaluation);
                break;
            case CheckpointAdded checkpoint:
                checkpoints.RemoveAll(c => c.Name == checkpoint.Checkpoint.Name);
                checkpoints.Add(checkpoint.Checkpoint);
                break;
            case LogLinesAppended lines:
                logs.AddRange(lines.Lines);
                if (logs.Count > LogTailLines) logs.RemoveRange(0, logs.Count - LogTailLines);
                break;
            case RunDeleted:
                notFound = true;
                run = null;
                break;
        }
        if (reloadRun && await Runs.FindAsync(runId, withHistory: true) is { } fresh) run = fresh;
        UpdateHealth();
        await InvokeAsync(StateHasChanged);
        if (reloadCharts) _ = ScheduleChartRefreshAsync();
    }

    private void MergeSnapshots(IEnumerable<MapSnapshotDto> incoming)
    {
        foreach (var s in incoming)
        {
            snapshots.RemoveAll(x => x.Step == s.Step && x.ProbeIndex == s.ProbeIndex);
            snapshots.Add(s);
        }
    }

    private async Task ScheduleChartRefreshAsync()
    {
        if (Interlocked.Exchange(ref chartRefreshPending, 1) == 1) return;
        await Task.Delay(ChartRefresh);
        Interlocked.Exchange(ref chartRefreshPending, 0);
        await InvokeAsync(async () =>
        {
            await LoadSeriesAsync();
            StateHasChanged();
        });
    }

    private async Task SmoothAsync(double value)
    {
        smoothing = value;
        await LoadSeriesAsync();
    }

    private async Task LoadSeriesAsync()
    {
        if (run is null) return;
        // Evaluations are a few measured points: shown as measured, never smoothed.
        var read = new Dictionary<string, IReadOnlyList<SeriesPoint>>(await SeriesReader.ReadAsync(Id, ChartSeriesNames, smoothing), StringComparer.Ordinal);
        foreach (var (name, points) in await SeriesReader.ReadAsync(Id, [RunTableMetrics.KnnTop1, MetricNames.RankMe], smoothing: 0)) read[name] = points;
        series = read;
        pointCount = series.Values.Sum(s => s.Count);
        dataWaitSeries = [new ChartSeries("data wait / (data wait + compute)", DataWaitRatio())];
        lossLines = Lines((MetricNames.Loss, "total"), (MetricNames.LossGlobal, "global"), (MetricNames.LossAligned, "aligned"));
        lrLines = Lines((MetricNames.LearningRate, "lr"));
        momentumLines = Lines((MetricNames.Momentum, "τ"));
        throughputLines = Lines((MetricNames.ImagesPerSecond, "images/s"));
        knnLines = Lines((RunTableMetrics.KnnTop1, "kNN top-1"));
        stdLines = Lines((MetricNames.EmbeddingStd, "std of ℓ2-normalised embedding"));
        entropyLines = Lines((MetricNames.MapEntropyRatio, "entropy ratio"));
        rankLines = Lines((MetricNames.RankMe, "RankMe of the kNN bank's features"));
        bestKnn = series.TryGetValue(RunTableMetrics.KnnTop1, out var knn) && knn.Any(p => double.IsFinite(p.Value))
            ? knn.Where(p => double.IsFinite(p.Value)).Max(p => p.Value) : null;
        UpdateHealth();
    }

    private void UpdateHealth()
    {
        collapseWarning = Latest(MetricNames.CollapseWarning) is > 0.5;
        lowRankWarning = Latest(MetricNames.LowRankWarning) is > 0.5;
        rankReference = Latest(MetricNames.RankMeMax) is { } maxRank && double.IsFinite(maxRank)
            ? [new ChartReferenceLine(maxRank, $"min(n, d) = {maxRank:0}", "#15803d"),
               new ChartReferenceLine(Lewel.Engine.Training.HealthCheck.LowRankFraction * maxRank,
                   $"warning below {Lewel.Engine.Training.HealthCheck.LowRankFraction:0.##}·min(n, d)", "#b45309")]
            : [];
        healthReference = Latest(MetricNames.ExpectedStd) is { } expected && double.IsFinite(expected)
            ? [new ChartReferenceLine(expected, $"healthy ≈ 1/√d = {expected:0.####}", "#15803d")]
            : [];
    }

    private List<ChartPoint> DataWaitRatio()
    {
        if (!series.TryGetValue(MetricNames.DataWaitSeconds, out var wait) || !series.TryGetValue(MetricNames.ComputeSeconds, out var compute)) return [];
        var computeByStep = new Dictionary<int, double>();
        foreach (var p in compute) computeByStep[p.Step] = p.Value;
        var points = new List<ChartPoint>(wait.Count);
        foreach (var p in wait)
            if (computeByStep.TryGetValue(p.Step, out var c) && p.Value + c > 0) points.Add(new ChartPoint(p.Step, p.Value / (p.Value + c)));
        return points;
    }

    private IReadOnlyList<ChartSeries> Lines(params (string Name, string Label)[] wanted)
    {
        var lines = new List<ChartSeries>();
        for (var i = 0; i < wanted.Length; i++)
        {
            if (!series.TryGetValue(wanted[i].Name, out var points) || points.Count == 0) continue;
            lines.Add(new ChartSeries(wanted[i].Label, [.. points.Select(p => new ChartPoint(p.Step, p.Value))], ChartPalette.At(i)));
        }
        return lines;
    }

    private List<LogLineDto> ReadLogFile(Run loaded)
    {
        try
        {
            var path = DataDirectory.Resolve(loaded.RunDir.TrimEnd('/') + "/" + RunDirectory.LogFile);
            if (!File.Exists(path)) return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Enqueue(line);
                if (lines.Count > LogTailLines) lines.Dequeue();
            }
            return [.. lines.Select(l => new LogLineDto(File.GetLastWriteTimeUtc(path), LevelOf(l), l))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnsafePathException)
        {
            return [new LogLineDto(DateTime.UtcNow, "warning", $"the run's log file cannot be read: {e.Message}")];
        }
    }

    private static string LevelOf(string line) =>
        line.Contains("error", StringComparison.OrdinalIgnoreCase) ? "error" : line.Contains("warn", StringComparison.OrdinalIgnoreCase) ? "warn" : "info";

    private async Task CancelAsync()
    {
        if (!await MayChangeRunsAsync()) return;
        try
        {
            run = await RunService.CancelAsync(Id);
            Snackbar.Add(run.Status == RunStatus.Cancelled ? $"Run #{Id} cancelled" : $"Run #{Id}: stop requested; it checkpoints and stops within a step", Severity.Info);
            ApplyRun(run);
            run = await Runs.FindAsync(Id, withHistory: true) ?? run;
        }
        catch (InvalidOperationException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    private async Task ResumeAsync()
    {
        if (!await MayChangeRunsAsync()) return;
        try
        {
            await RunService.ResumeAsync(Id);
            run = await Runs.FindAsync(Id, withHistory: true) ?? run;
            if (run is not null) ApplyRun(run);
            Snackbar.Add($"Run #{Id} queued again from its last checkpoint", Severity.Success);
        }
        catch (InvalidOperationException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
    }

    public ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        childSubscription?.Dispose();
        return ValueTask.CompletedTask;
    }
}
