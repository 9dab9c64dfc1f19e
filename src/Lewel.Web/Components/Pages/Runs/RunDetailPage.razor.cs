using System.Globalization;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Engine.Config;
using Lewel.Engine.Training;
using Lewel.Web.Components.Charts;
using Lewel.Web.Components.Live;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>One run, live: the charts tab reads the history once and appends each stored batch; snapshots, evaluations,
/// checkpoints and log lines arrive as the notifier publishes them, through one <see cref="LiveRunUpdates"/>.</summary>
public partial class RunDetailPage
{
    private const int LogTailLines = RunLogsTab.MaxLines;

    [Inject] private RunStore Runs { get; set; } = default!;
    [Inject] private ArtifactReader Artifacts { get; set; } = default!;
    [Inject] private MetricReader Metrics { get; set; } = default!;
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
    private List<RunEvaluationRun> children = [];
    private bool queueing;
    private LiveRunUpdates? live;
    private RunChartsTab? chartsTab;
    private long watchedId = -1;

    private Dictionary<string, MetricPointDto> latest = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, IReadOnlyList<ChartReferenceLine>> chartReferences = new Dictionary<string, IReadOnlyList<ChartReferenceLine>>();
    private static readonly IReadOnlyList<ChartReferenceLine> entropyReference = [new(1.0, "1 = uniform")];
    private IReadOnlyList<Lewel.Web.Runs.Health.HealthAlert> healthAlerts = [];
    private double? bestKnn;
    private long loadedId = -1;

    private double? Latest(string name) => latest.TryGetValue(name, out var p) ? p.Value : null;

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
        live?.Stop();
        watchedId = -1;
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
        bestKnn = BestKnn();
        UpdateHealth();
        await LoadChildrenAsync();
    }

    /// <summary>Subscribes after the first render of each run (never while prerendering): the run's own updates, and
    /// any run's that may concern its evaluation children.</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (run is null || watchedId == Id) return;
        watchedId = Id;
        live ??= new LiveRunUpdates(Notifier, work => InvokeAsync(work), ApplyAsync, StateHasChanged);
        live.Stop();
        var runId = Id;
        live.Watch(runId);
        live.WatchAll(u => u.RunId != runId && u is RunStatusChanged or EvaluationAdded or RunDeleted);
    }

    /// <summary>The one place the page changes from a live update (inside InvokeAsync, queued and throttled by
    /// <see cref="LiveRunUpdates"/>).</summary>
    private async Task ApplyAsync(RunUpdate update)
    {
        if (update.RunId == Id) await OnUpdateAsync(update);
        else await OnChildUpdateAsync(update);
    }

    /// <summary>Evaluation runs are children of this run; any update of a child (or of a run not seen yet, which may
    /// be a new child) reloads the list.</summary>
    private async Task OnChildUpdateAsync(RunUpdate update)
    {
        if (update is not RunStatusChanged && children.All(c => c.Run.Id != update.RunId)) return;
        await LoadChildrenAsync();
    }

    private async Task LoadChildrenAsync()
    {
        var page = await Runs.ListAsync(new RunFilter { ParentRunId = Id, Kind = RunKind.Eval, Take = 100 });
        var loaded = new List<RunEvaluationRun>();
        foreach (var child in page.Items)
            loaded.Add(new RunEvaluationRun(child, [.. (await Artifacts.EvaluationsAsync(child.Id)).Select(EvaluationDto.From)]));
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

    private async Task OnUpdateAsync(RunUpdate update)
    {
        var reloadRun = false;
        IReadOnlyDictionary<string, MetricPointDto>? catchUpCharts = null;
        switch (update)
        {
            case RunState state:
                (status, step, totalSteps, error) = (state.Status, state.Step, Math.Max(totalSteps, state.TotalSteps), state.Error);
                foreach (var (name, point) in state.LatestMetrics) latest[name] = point;
                MergeSnapshots(state.Snapshots);
                foreach (var e in state.Evaluations) if (evaluations.All(x => x.Id != e.Id)) evaluations.Add(e);
                foreach (var c in state.Checkpoints) if (checkpoints.All(x => x.Name != c.Name)) checkpoints.Add(c);
                if (state.RecentLogs.Count > 0 && logs.Count == 0) logs = [.. state.RecentLogs];
                catchUpCharts = state.LatestMetrics;
                break;
            case RunStatusChanged changed:
                (status, step, totalSteps, error) = (changed.Status, changed.Step, changed.TotalSteps > 0 ? changed.TotalSteps : totalSteps, changed.Error);
                reloadRun = true;
                break;
            case MetricsAppended metrics:
                step = Math.Max(step, metrics.Step);
                if (metrics.TotalSteps > 0) totalSteps = metrics.TotalSteps;
                foreach (var p in metrics.Points)
                    if (!latest.TryGetValue(p.Name, out var last) || last.Step <= p.Step) latest[p.Name] = p;
                chartsTab?.Append(metrics.Points);
                break;
            case SnapshotAdded added:
                MergeSnapshots([added.Snapshot]);
                break;
            case EvaluationAdded evaluation:
                evaluations.RemoveAll(e => e.Id == evaluation.Evaluation.Id);
                evaluations.Add(evaluation.Evaluation);
                bestKnn = BestKnn();
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
        if (reloadRun && await Runs.FindAsync(Id, withHistory: true) is { } fresh) run = fresh;
        // Points stored between the charts' read and the page's subscription are read once more.
        if (catchUpCharts is not null && chartsTab is not null) await chartsTab.CatchUpAsync(catchUpCharts);
        UpdateHealth();
    }

    private void MergeSnapshots(IEnumerable<MapSnapshotDto> incoming)
    {
        foreach (var s in incoming)
        {
            snapshots.RemoveAll(x => x.Step == s.Step && x.ProbeIndex == s.ProbeIndex);
            snapshots.Add(s);
        }
    }

    private double? BestKnn()
    {
        var values = evaluations.Where(e => e.Protocol == "knn" && e.Values.ContainsKey("top1")).Select(e => e.Values["top1"]).Where(double.IsFinite).ToList();
        return values.Count > 0 ? values.Max() : null;
    }

    private void UpdateHealth()
    {
        healthAlerts = Lewel.Web.Runs.Health.HealthRules.Evaluate(latest.ToDictionary(p => p.Key, p => (p.Value.Value, p.Value.Step)), totalSteps);
        IReadOnlyList<ChartReferenceLine> rankReference = Latest(MetricNames.RankMeMax) is { } maxRank && double.IsFinite(maxRank)
            ? [new ChartReferenceLine(maxRank, $"min(n, d) = {maxRank:0}", "#15803d"),
               new ChartReferenceLine(Lewel.Engine.Training.HealthCheck.LowRankFraction * maxRank,
                   $"warning below {Lewel.Engine.Training.HealthCheck.LowRankFraction:0.##}·min(n, d)", "#b45309")]
            : [];
        IReadOnlyList<ChartReferenceLine> healthReference = Latest(MetricNames.ExpectedStd) is { } expected && double.IsFinite(expected)
            ? [new ChartReferenceLine(expected, $"healthy ≈ 1/√d = {expected:0.####}", "#15803d")]
            : [];
        chartReferences = new Dictionary<string, IReadOnlyList<ChartReferenceLine>>
        {
            ["std"] = healthReference,
            ["rank"] = rankReference,
            ["entropy"] = entropyReference,
        };
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
        live?.Dispose();
        return ValueTask.CompletedTask;
    }
}
