using System.Text.Json;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Studies;
using Lewel.Web.Jobs;

namespace Lewel.Web.Runs;

/// <summary>What the API and the pages do to runs: launch (single or paired), cancel, resume, delete. Every change is
/// stored first, then published to the <see cref="RunNotifier"/>.</summary>
public sealed class RunService(
    RunStore runs,
    RunConfigResolver resolver,
    RunJobQueue jobs,
    RunQueueOrder queueOrder,
    WorkerStore workers,
    RunNotifier notifier,
    RunCancellationRegistry registry,
    ArtifactReader artifacts,
    DataDirectory dataDirectory,
    CodeVersion codeVersion,
    Engine.Settings.LewelSettings settings,
    ILogger<RunService> logger)
{
    public const string LaunchKeyField = "Idempotency-Key";
    private readonly DataRoots dataRoots = settings.CreateDataRoots();

    /// <summary>Validates and queues the run(s) described by <paramref name="body"/>. With <c>"paired": true</c>,
    /// queues the baseline and its LEWEL variant with identical settings apart from the method; both are stored in
    /// one transaction, or neither. A <paramref name="launchKey"/> makes the launch idempotent: a repeat (also a
    /// concurrent one) gets the runs the key's first launch created, a different request with the key is refused.</summary>
    /// <param name="launchedBy">The signed-in user's name, recorded on the runs; null without sign-in.</param>
    public async Task<LaunchResult> LaunchAsync(JsonElement body, string? launchKey, bool forcePaired = false, string? launchedBy = null,
        CancellationToken cancellationToken = default)
    {
        var key = string.IsNullOrWhiteSpace(launchKey) ? null : launchKey;
        if (key is not null && key.Length > LaunchKeyRecord.MaxKeyLength)
            return LaunchResult.Invalid(ApiFieldError(LaunchKeyField,
                $"is {key.Length} characters long; at most {LaunchKeyRecord.MaxKeyLength} are allowed"));
        var request = LaunchRequest.Parse(body, out var requestErrors);
        if (requestErrors.Count > 0) return LaunchResult.Invalid(ConfigResolution.Invalid(requestErrors).Errors);
        var paired = request.Paired || forcePaired;
        var claim = key is null ? null : new LaunchKeyClaim(key, LaunchRequestHash.Of(body, paired));
        if (claim is not null && await runs.FindLaunchAsync(claim.Key, cancellationToken) is { } earlier)
            return Repeated(earlier, claim);

        var resolution = resolver.Resolve(request.Config);
        if (!resolution.IsValid) return LaunchResult.Invalid(resolution.Errors);
        var plans = new List<(RunConfig Config, DevicePlacement Placement)>();
        string? pairingKey = null;
        if (paired)
        {
            var config = resolution.Config!;
            if (MethodPairs.PairingError(config.Method) is { } pairingError)
                return LaunchResult.Invalid(new Dictionary<string, string[]> { ["method"] = [pairingError] });
            var (baseline, lewel) = MethodPairs.PairOf(config.Method);
            foreach (var (method, other) in new[] { (baseline, lewel), (lewel, baseline) })
            {
                var partner = resolver.Resolve(config with { Method = method, Name = RunNames.ForPairedRun(config.Name, method, other) });
                if (!partner.IsValid) return LaunchResult.Invalid(partner.Errors);
                plans.Add((partner.Config!, partner.Placement!));
            }
            pairingKey = Guid.NewGuid().ToString("N");
        }
        else
        {
            plans.Add((resolution.Config!, resolution.Placement!));
        }
        var placementErrors = await PlacementRequestErrorsAsync(request, plans[0].Placement, cancellationToken);
        if (placementErrors.Count > 0) return LaunchResult.Invalid(placementErrors);

        var specs = plans.Select(plan =>
        {
            var (config, placement) = plan;
            var named = config.Name.Length > 0 ? config : config with { Name = RunNames.Default(config) };
            return new NewRun(named.Name, RunKind.Pretrain, named.Method, named.ToJson(), named.Dataset, named.Backbone, named.Seed,
                request.Gpu is { } gpu && placement.Queue == DevicePlacement.GpuQueue ? $"cuda:{gpu}" : placement.Device, placement.Queue,
                named.Steps ?? 0)
            {
                Tags = request.Tags,
                Notes = request.Notes,
                Priority = request.Priority,
                Worker = request.Worker,
                GpuIndex = request.Gpu,
                ShareGpu = request.ShareGpu,
                PairingKey = pairingKey,
                CodeVersion = codeVersion.Value,
                LaunchedBy = launchedBy,
            };
        }).ToList();
        var outcome = await runs.CreateLaunchAsync(specs, claim, cancellationToken);
        if (!outcome.Created) return Repeated(outcome, claim!);
        var created = new List<Run>();
        foreach (var run in outcome.Runs)
        {
            // Before the run is queued, so its job never runs without the run's webhook.
            if (request.HealthWebhookUrl is { } webhook) await Health.RunHealthWebhook.SaveAsync(dataDirectory, run.Id, webhook, cancellationToken);
            created.Add(await EnqueueAsync(run, cancellationToken));
        }
        return new LaunchResult(created, new Dictionary<string, string[]>()) { Warnings = resolution.Warnings };
    }

    /// <summary>A named worker must be registered (it need not be live: the run waits for it); a GPU index or sharing
    /// only means something on the gpu queue, and a named GPU must be one the named worker reported.</summary>
    private async Task<Dictionary<string, string[]>> PlacementRequestErrorsAsync(LaunchRequest request, DevicePlacement placement,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var onGpu = placement.Queue == DevicePlacement.GpuQueue;
        if (!onGpu && request.Gpu is not null) errors["gpu"] = [$"only a run on a GPU can name one; this run computes on {placement.Device}"];
        if (!onGpu && request.ShareGpu) errors["shareGpu"] = [$"only a run on a GPU can share one; this run computes on {placement.Device}"];
        if (request.Worker is not { } name) return errors;
        var known = (await workers.ListAsync(cancellationToken)).Select(w => w.Worker).ToList();
        var worker = known.FirstOrDefault(w => w.Id == name);
        if (worker is null)
            errors["worker"] = [known.Count == 0 ? $"no worker named '{name}'; no worker has registered yet"
                : $"no worker named '{name}'; the workers are {string.Join(", ", known.Select(w => w.Id).Order())}"];
        else if (request.Gpu is { } gpu && onGpu && !worker.Devices.Contains($"cuda:{gpu}"))
            errors["gpu"] = [$"worker '{name}' has no GPU {gpu} (it has {string.Join(", ", worker.Devices.Where(d => d.StartsWith("cuda", StringComparison.Ordinal)).DefaultIfEmpty("none"))})"];
        return errors;
    }

    private static LaunchResult Repeated(LaunchOutcome earlier, LaunchKeyClaim claim)
    {
        if (earlier.IsOtherRequest(claim.RequestHash))
            return LaunchResult.KeyConflict($"The idempotency key '{Shorten(claim.Key)}' was already used for another request; "
                                            + "send a new key for a different launch.");
        if (earlier.Runs.Count == 0)
            return LaunchResult.KeyConflict($"The runs launched with the idempotency key '{Shorten(claim.Key)}' were deleted; "
                                            + "send a new key to launch again.");
        return new LaunchResult(earlier.Runs, new Dictionary<string, string[]>(), Repeated: true);
    }

    private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "…";

    private static Dictionary<string, string[]> ApiFieldError(string field, string message) => new() { [field] = [message] };

    /// <summary>Validates an evaluation request against the run and its checkpoints and queues an evaluation run, a
    /// child of <paramref name="parentRunId"/>, on the parent's device. Errors are keyed by field.</summary>
    public async Task<LaunchResult> EvaluateAsync(long parentRunId, EvaluateRequest request, string? launchedBy = null,
        CancellationToken cancellationToken = default)
    {
        var parent = await runs.GetAsync(parentRunId, cancellationToken: cancellationToken);
        var parameters = request.Parameters ?? [];
        var errors = Lewel.Engine.Evaluation.EvaluationCatalog.Check(request.Protocol, parameters);
        var checkpoints = await artifacts.CheckpointsAsync(parentRunId, cancellationToken);
        var checkpoint = request.Checkpoint is { } name ? checkpoints.FirstOrDefault(c => c.FileName == name) : checkpoints.MaxBy(c => c.Step);
        if (checkpoints.Count == 0) errors.Add(new ConfigError("checkpoint", $"run {parentRunId} has no checkpoint yet"));
        else if (checkpoint is null)
            errors.Add(new ConfigError("checkpoint", $"run {parentRunId} has no checkpoint '{request.Checkpoint}' (it has {string.Join(", ", checkpoints.Select(c => c.FileName))})"));
        if (parameters.TryGetValue("dataset", out var dataset) && DatasetCatalog.SpecError(dataset, dataRoots) is { } datasetError)
            errors.Add(new ConfigError("parameters.dataset", datasetError));
        if (errors.Count > 0) return LaunchResult.Invalid(ConfigResolution.Invalid(errors).Errors);

        var plan = new EvaluationPlan(request.Protocol!, parentRunId, checkpoint!.FileName, checkpoint.Step, parameters);
        var spec = new NewRun($"{plan.Protocol} of #{parentRunId} at step {plan.CheckpointStep}", RunKind.Eval, parent.Method, plan.ToJson(),
            dataset ?? parent.Dataset, parent.Backbone, parent.Seed, parent.Device, parent.Queue, 0)
        {
            ParentRunId = parentRunId,
            CodeVersion = codeVersion.Value,
            Tags = parent.Tags,
            LaunchedBy = launchedBy,
        };
        var run = await runs.CreateAsync(spec, cancellationToken);
        return new LaunchResult([await EnqueueAsync(run, cancellationToken)], new Dictionary<string, string[]>());
    }

    /// <summary>A queued run is taken off the queue and marked cancelled at once; a running run is asked to stop (it
    /// checkpoints and is marked cancelled within a step; the returned run still says running).</summary>
    public async Task<Run> CancelAsync(long runId, CancellationToken cancellationToken = default)
    {
        var (dequeued, run) = await runs.UpdateAsync(runId, (r, now) =>
        {
            switch (r.Status)
            {
                case RunStatus.Queued or RunStatus.Interrupted:
                    r.Cancel(r.Status == RunStatus.Queued ? "cancelled before it ran" : "cancelled while waiting to resume", now);
                    return true;
                case RunStatus.Running:
                    if (!r.CancelRequested) r.RequestCancel();
                    return false;
                default:
                    throw new InvalidRunTransitionException(r.Id, r.Status, "cancelled");
            }
        }, cancellationToken);
        if (dequeued)
        {
            if (run.JobId is { } jobId) TryDeleteJob(jobId);
            await notifier.PublishAsync(new RunStatusChanged(run.Id, run.Status, run.Step, run.TotalSteps, null, "cancelled"), cancellationToken);
        }
        else
        {
            registry.Cancel(runId); // when it executes in another process, that process sees the stored request
            logger.LogInformation("Stop requested for run {RunId}", runId);
        }
        return run;
    }

    /// <summary>Moves a queued run to <paramref name="priority"/>, behind the runs already waiting at that level; the
    /// same priority again keeps its place. A run no longer queued is refused (<see cref="InvalidRunTransitionException"/>).</summary>
    public async Task<Run> SetPriorityAsync(long runId, RunPriority priority, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetAsync(runId, cancellationToken: cancellationToken);
        if (run.Status != RunStatus.Queued) throw new InvalidRunTransitionException(runId, run.Status, "given a priority");
        if (run.Priority == priority) return run;
        return await MoveInQueueAsync(runId, priority, $"priority set to {RunPriorities.Name(priority)}", cancellationToken);
    }

    /// <summary>Puts a queued run at the head of its device queue: it moves to the high level, and the runs waiting
    /// there are queued again behind it, in their order.</summary>
    public async Task<Run> RunNextAsync(long runId, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetAsync(runId, cancellationToken: cancellationToken);
        if (run.Status != RunStatus.Queued) throw new InvalidRunTransitionException(runId, run.Status, "moved to the head of the queue");
        var ahead = (await queueOrder.ReadAsync(cancellationToken))
            .Where(q => q.Queue == run.Queue && q.Priority == RunPriority.High && q.RunId != runId).ToList();
        var moved = await MoveInQueueAsync(runId, RunPriority.High, "moved to the head of the queue", cancellationToken);
        foreach (var other in ahead)
        {
            try
            {
                await MoveInQueueAsync(other.RunId, RunPriority.High, null, cancellationToken);
            }
            catch (Exception e) when (e is InvalidRunTransitionException or RunNotFoundException)
            {
                // It started, was cancelled or deleted meanwhile: nothing to keep in order.
            }
        }
        return moved;
    }

    private async Task<Run> MoveInQueueAsync(long runId, RunPriority priority, string? reason, CancellationToken cancellationToken)
    {
        string? oldJob = null;
        var run = await runs.UpdateAsync(runId, (r, now) =>
        {
            oldJob = r.JobId;
            r.MoveInQueue(priority, reason, now);
        }, cancellationToken);
        // The stored token changed first, so the old job cannot start the run even if a server takes it now.
        if (oldJob is not null) TryDeleteJob(oldJob);
        return await EnqueueAsync(run, cancellationToken);
    }

    /// <summary>Queues a failed, cancelled or interrupted run again; the engine continues from its last checkpoint.</summary>
    public async Task<Run> ResumeAsync(long runId, CancellationToken cancellationToken = default)
    {
        var (_, run) = await runs.UpdateAsync(runId, (r, now) => r.Requeue("queued again to resume from the last checkpoint", now, freshAttempts: true), cancellationToken);
        return await EnqueueAsync(run, cancellationToken);
    }

    /// <summary>Deletes the run's rows and its directory, all or nothing: the directory is moved aside first and put
    /// back if the database refuses; a queued run is cancelled first; a running one must be cancelled by the caller.</summary>
    public async Task DeleteAsync(long runId, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetAsync(runId, cancellationToken: cancellationToken);
        if (run.Status == RunStatus.Running) throw new RunBusyException(runId, "delete it");
        if (run.Status is RunStatus.Queued or RunStatus.Interrupted) await CancelAsync(runId, cancellationToken);

        var moved = dataDirectory.MoveRunDirectoryAside(runId);
        try
        {
            if (!await runs.DeleteAsync(runId, cancellationToken)) throw new RunNotFoundException(runId);
        }
        catch
        {
            if (moved is not null) dataDirectory.RestoreRunDirectory(runId, moved);
            throw;
        }
        if (moved is not null)
        {
            try
            {
                Directory.Delete(moved, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Run {RunId}: its files stay in {Path} until the next start", runId, moved);
            }
        }
        await notifier.PublishAsync(new RunDeleted(runId), cancellationToken);
    }

    /// <summary>Announces the queued run, queues an execution and records its job id; a queue failure fails the run
    /// with the reason. Announcing first keeps the order of status updates: the job may start at once.</summary>
    internal async Task<Run> EnqueueAsync(Run queued, CancellationToken cancellationToken)
    {
        var runId = queued.Id;
        await notifier.PublishAsync(new RunStatusChanged(runId, RunStatus.Queued, queued.Step, queued.TotalSteps, null, $"queued on {queued.Queue}"), cancellationToken);
        try
        {
            var jobId = jobs.Enqueue(queued);
            return await runs.UpdateAsync(runId, (r, _) => r.AssignJob(jobId), cancellationToken);
        }
        catch (Exception e) when (e is not RunNotFoundException and not OperationCanceledException)
        {
            logger.LogError(e, "Could not queue run {RunId}", runId);
            var run = await runs.UpdateAsync(runId, (r, now) => r.Fail($"could not be queued: {e.Message}", null, now), cancellationToken);
            await notifier.PublishAsync(new RunStatusChanged(run.Id, run.Status, run.Step, run.TotalSteps, run.Error, run.Error ?? ""), cancellationToken);
            return run;
        }
    }

    private void TryDeleteJob(string jobId)
    {
        try
        {
            jobs.Delete(jobId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not delete job {JobId}; its execution token is stale, so it will do nothing", jobId);
        }
    }
}
