using System.Text.Json;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>A request to fork a run: the checkpoint to continue from (its file name, e.g. <c>step0000400.ckpt</c>) and
/// the configuration fields to change (a partial configuration object, e.g. <c>{"optimizer": {"baseLr": 0.5}}</c>).</summary>
public sealed record ForkRequest(string? Checkpoint, JsonElement? Config);

/// <summary>"Fork from step N": a new pretraining run, linked to its parent (<see cref="Run.ParentRunId"/> and
/// <see cref="Run.ForkStep"/>), whose run directory starts with a copy of the parent's checkpoint and the edited
/// configuration, so its process restores the weights, queues, optimiser state, schedule position and random generator
/// and trains on with the edits (<see cref="RunFork"/>). Errors are keyed by field: <c>checkpoint</c>, or
/// <c>config.{path}</c> for an edit that is unknown, invalid or would change a shape.</summary>
public sealed class RunForkService(RunStore runs, ArtifactReader artifacts, RunConfigResolver resolver, RunService service,
    DataDirectory dataDirectory, CodeVersion codeVersion, ILogger<RunForkService> logger)
{
    public async Task<LaunchResult> ForkAsync(long parentRunId, ForkRequest request, string? launchedBy = null,
        CancellationToken cancellationToken = default)
    {
        var parent = await runs.GetAsync(parentRunId, cancellationToken: cancellationToken);
        if (parent.Kind != RunKind.Pretrain)
            return Invalid("runId", $"run {parentRunId} is an evaluation run; only pretraining runs can be forked");
        var checkpoints = await artifacts.CheckpointsAsync(parentRunId, cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Checkpoint))
            return Invalid("checkpoint", "name the checkpoint to fork from" + Listing(checkpoints));
        var checkpoint = checkpoints.FirstOrDefault(c => c.FileName == request.Checkpoint);
        if (checkpoint is null) return Invalid("checkpoint", $"run {parentRunId} has no checkpoint '{request.Checkpoint}'" + Listing(checkpoints));
        var checkpointPath = dataDirectory.ResolveInRun(parentRunId, checkpoint.RelativePath);
        if (!File.Exists(checkpointPath)) return Invalid("checkpoint", $"'{checkpoint.FileName}' is recorded but its file is gone (only the newest checkpoints are kept)");

        RunConfig forked;
        try
        {
            var edits = request.Config is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } json ? json.GetRawText() : null;
            forked = RunFork.ApplyEdits(RunConfig.FromJson(parent.ConfigJson), edits);
        }
        catch (ConfigException e)
        {
            return LaunchResult.Invalid(e.Errors.GroupBy(error => error.Path.Length == 0 || error.Path == "config" ? "config" : "config." + error.Path)
                .ToDictionary(g => g.Key, g => g.Select(error => error.Message).ToArray()));
        }
        if (string.Equals(forked.Name, parent.Name, StringComparison.Ordinal))
            forked = forked with { Name = Shorten($"{parent.Name} · fork@{checkpoint.Step}") };
        var resolution = resolver.Resolve(forked);
        if (!resolution.IsValid)
            return LaunchResult.Invalid(resolution.Errors.ToDictionary(e => e.Key.Length == 0 ? "config" : "config." + e.Key, e => e.Value));
        var config = resolution.Config!;
        var placement = resolution.Placement!;

        var spec = new NewRun(config.Name, RunKind.Pretrain, config.Method, config.ToJson(), config.Dataset, config.Backbone, config.Seed,
            placement.Device, placement.Queue, parent.TotalSteps)
        {
            ParentRunId = parentRunId,
            ForkStep = checkpoint.Step,
            Tags = parent.Tags,
            Notes = $"forked from #{parentRunId} at step {checkpoint.Step}",
            CodeVersion = codeVersion.Value,
            LaunchedBy = launchedBy,
        };
        var run = await runs.CreateAsync(spec, cancellationToken);
        try
        {
            RunFork.Prepare(checkpointPath, dataDirectory.Resolve(run.RunDir), config);
        }
        catch (Exception e) when (e is CheckpointException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Run {RunId}: the fork of run {ParentId} could not be prepared", run.Id, parentRunId);
            var failed = await runs.UpdateAsync(run.Id, (r, now) => r.Fail($"the fork could not copy the parent's checkpoint: {e.Message}", null, now), cancellationToken);
            return new LaunchResult([failed], new Dictionary<string, string[]>());
        }
        return new LaunchResult([await service.EnqueueAsync(run, cancellationToken)], new Dictionary<string, string[]>()) { Warnings = resolution.Warnings };
    }

    private static string Listing(IReadOnlyList<CheckpointRecord> checkpoints) => checkpoints.Count == 0
        ? "; the run has no checkpoint yet"
        : $" (it has {string.Join(", ", checkpoints.OrderBy(c => c.Step).Select(c => c.FileName))})";

    private static string Shorten(string name) => name.Length <= RunConfigResolver.MaxNameLength ? name : name[..RunConfigResolver.MaxNameLength];

    private static LaunchResult Invalid(string field, string message) =>
        LaunchResult.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
