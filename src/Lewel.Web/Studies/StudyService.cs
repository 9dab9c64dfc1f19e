using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Engine.Studies;
using Lewel.Web.Runs;

namespace Lewel.Web.Studies;

/// <summary>Launches studies through the <see cref="RunService"/> (one paired launch per seed: the two runs of a seed
/// share everything but the method), queues each finished run's evaluations, and assembles what a study has measured
/// into the <see cref="StudyTable"/> the CLI reports too.</summary>
public sealed class StudyService(StudyStore studies, RunStore runs, RunService runService, ArtifactReader artifacts, ILogger<StudyService> logger)
{
    public const string StudyTag = "study";
    private readonly SemaphoreSlim advancing = new(1, 1);

    public sealed record LaunchOutcome(Study? Study, IReadOnlyDictionary<string, string[]> Errors)
    {
        public bool IsValid => Study is not null;
    }

    public async Task<LaunchOutcome> LaunchAsync(JsonElement body, string? launchedBy, CancellationToken cancellationToken = default)
    {
        var request = StudyRequest.Parse(body, out var errors);
        if (request is null) return Invalid(errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        var links = new List<StudyRun>();
        Run? first = null;
        foreach (var seed in request.Seeds)
        {
            var config = (JsonObject)request.Config.DeepClone();
            // Resolved over the LEWEL variant's preset (so its LEWEL fields are the variant's); the run service swaps the method.
            config["method"] = request.Lewel;
            config["seed"] = seed;
            config["name"] = $"{request.Name} seed {seed}";
            config["tags"] = new JsonArray(StudyTag);
            var result = await runService.LaunchAsync(JsonSerializer.SerializeToElement(config), launchKey: null, forcePaired: true, launchedBy,
                cancellationToken);
            if (!result.IsValid)
            {
                var prefixed = result.Errors.ToDictionary(p => p.Key.Length == 0 ? "config" : $"config.{p.Key}", p => p.Value);
                if (links.Count == 0) return Invalid(prefixed);
                logger.LogWarning("Study {Name}: seed {Seed} could not be launched ({Errors}); the study keeps the seeds before it",
                    request.Name, seed, string.Join("; ", prefixed.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}")));
                break;
            }
            first ??= result.Runs[0];
            links.AddRange(result.Runs.Select(r => new StudyRun(r.Id, r.Method, seed)));
        }
        var resolved = RunConfig.FromJson(first!.ConfigJson);
        var budget = resolved.Steps is { } steps ? $"{steps} steps" : $"{resolved.Epochs} epochs";
        var study = new Study(request.Name, request.Baseline, request.Lewel, resolved.Dataset, budget, links.Select(l => l.Seed).Distinct(),
            request.Config.ToJsonString(), JsonSerializer.Serialize(request.Evaluations, RunJson.Options), launchedBy, runs.UtcNow);
        return new LaunchOutcome(await studies.CreateAsync(study, links, cancellationToken), new Dictionary<string, string[]>());
    }

    private static LaunchOutcome Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    /// <summary>The evaluations each run of the study gets once it has succeeded: protocol → parameters.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, string>> EvaluationsOf(Study study) =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(study.EvaluationJson, RunJson.Options) ?? [];

    /// <summary>Queues the planned evaluations of every succeeded run that does not have them yet (an evaluation that
    /// ran and failed is not queued again: resume it). Safe to call at any time and from several places.</summary>
    public async Task AdvanceAsync(Study study, CancellationToken cancellationToken = default)
    {
        await advancing.WaitAsync(cancellationToken);
        try
        {
            var planned = EvaluationsOf(study);
            foreach (var link in study.Runs)
            {
                var run = await runs.FindAsync(link.RunId, cancellationToken: cancellationToken);
                if (run is not { Status: RunStatus.Succeeded }) continue;
                var measured = (await EvaluationRunsAsync(run.Id, cancellationToken)).Select(e => e.Protocol).ToHashSet();
                foreach (var (protocol, parameters) in planned)
                {
                    if (!StudyMetrics.Applies(protocol, link.Method) || measured.Contains(protocol)) continue;
                    var result = await runService.EvaluateAsync(run.Id, new EvaluateRequest(protocol, null, parameters), study.LaunchedBy, cancellationToken);
                    if (!result.IsValid)
                        logger.LogWarning("Study {StudyId}: {Protocol} of run {RunId} not queued yet: {Errors}", study.Id, protocol, run.Id,
                            string.Join("; ", result.Errors.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}")));
                }
            }
        }
        finally
        {
            advancing.Release();
        }
    }

    /// <summary>Advances every study <paramref name="runId"/> belongs to.</summary>
    public async Task AdvanceStudiesOfRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        foreach (var id in await studies.StudiesOfRunAsync(runId, cancellationToken))
            if (await studies.FindAsync(id, cancellationToken) is { } study)
                await AdvanceAsync(study, cancellationToken);
    }

    /// <summary>The study with each run's status, its evaluation runs, and the table of what has been measured.</summary>
    public async Task<StudyView?> ViewAsync(long id, CancellationToken cancellationToken = default)
    {
        var study = await studies.FindAsync(id, cancellationToken);
        if (study is null) return null;
        var members = new List<StudyMemberView>();
        var observations = new List<StudyObservation>();
        foreach (var link in study.Runs.OrderBy(r => r.Seed).ThenBy(r => r.Method == study.Baseline ? 0 : 1))
        {
            var run = await runs.FindAsync(link.RunId, cancellationToken: cancellationToken);
            var evaluations = run is null ? [] : await EvaluationRunsAsync(run.Id, cancellationToken);
            foreach (var evaluation in evaluations.Where(e => e.Run.Status == RunStatus.Succeeded))
            {
                var stored = (await artifacts.EvaluationsAsync(evaluation.Run.Id, cancellationToken)).LastOrDefault(r => r.Protocol == evaluation.Protocol);
                if (stored is null) continue;
                var values = JsonSerializer.Deserialize<Dictionary<string, double>>(stored.ValuesJson, RunJson.Options) ?? [];
                observations.AddRange(StudyMetrics.Select(evaluation.Protocol, values).Select(v => new StudyObservation(link.Method, link.Seed, v.Metric, v.Value)));
            }
            members.Add(new StudyMemberView(link, run, evaluations));
        }
        return new StudyView(study, members, StudyTable.Build(study.Baseline, study.Lewel, observations));
    }

    private async Task<IReadOnlyList<StudyEvaluationView>> EvaluationRunsAsync(long runId, CancellationToken cancellationToken)
    {
        var page = await runs.ListAsync(new RunFilter { ParentRunId = runId, Kind = RunKind.Eval, Take = RunFilter.MaxTake }, cancellationToken);
        var views = new List<StudyEvaluationView>();
        foreach (var child in page.Items.OrderBy(c => c.Id))
        {
            try
            {
                views.Add(new StudyEvaluationView(EvaluationPlan.FromJson(child.ConfigJson).Protocol, child));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                logger.LogDebug(e, "Evaluation run {RunId} has no readable plan", child.Id);
            }
        }
        // One per protocol: the newest that has not failed, else the newest.
        return [.. views.GroupBy(v => v.Protocol).Select(g => g.LastOrDefault(v => v.Run.Status != RunStatus.Failed && v.Run.Status != RunStatus.Cancelled) ?? g.Last())];
    }
}

/// <summary>An evaluation run of a study's run and the protocol it measures.</summary>
public sealed record StudyEvaluationView(string Protocol, Run Run);

/// <summary>One pretraining run of a study (null when it was deleted) and its evaluations.</summary>
public sealed record StudyMemberView(StudyRun Link, Run? Run, IReadOnlyList<StudyEvaluationView> Evaluations);

public sealed record StudyView(Study Study, IReadOnlyList<StudyMemberView> Members, StudyTable Table);
