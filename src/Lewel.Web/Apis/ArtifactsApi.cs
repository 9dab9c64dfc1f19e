using Lewel.Data;
using System.Security.Claims;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Runs;
using Lewel.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;

namespace Lewel.Web.Apis;

/// <summary>What a run produced besides metrics: evaluations, map snapshots, checkpoints, and the files of its run
/// directory under <c>/files/runs/{id}/...</c> (paths are checked to stay inside that directory).</summary>
public static class ArtifactsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    public static IEndpointRouteBuilder MapArtifactsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/runs/{id:long}").WithTags("Artifacts").RequireAuthorization(LewelPolicies.Viewer);
        group.MapGet("/evaluations", Evaluations).WithSummary("Evaluation results of the run and of its evaluation runs (marked evaluationRunId), by step");
        group.MapGet("/maps", Maps).WithSummary("Alignment-map snapshots (PNG URLs, crop boxes, flips), by step and probe");
        group.MapGet("/checkpoints", Checkpoints).WithSummary("Checkpoints written by the run");
        group.MapGet("/checkpoints/{name}", DownloadCheckpoint).WithSummary("Download one checkpoint");
        group.MapPost("/evaluate", Evaluate).RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Queue an evaluation run (a child run) measuring a checkpoint with a protocol")
            .RequireAuthorization(LewelPolicies.Researcher);
        endpoints.MapGet("/files/runs/{id:long}/{**path}", RunFile).WithTags("Artifacts").WithSummary("A file of a run directory")
            .RequireAuthorization(LewelPolicies.Viewer);
        return endpoints;
    }

    internal static async Task<Results<Ok<EvaluationDto[]>, NotFound<ProblemDetails>>> Evaluations(long id, RunStore runs,
        ArtifactReader artifacts, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken: cancellationToken) is null) return RunsApi.RunNotFound(id);
        return TypedResults.Ok((await artifacts.EvaluationsWithChildrenAsync(id, cancellationToken)).Select(e => EvaluationDto.ListedUnder(id, e)).ToArray());
    }

    internal static async Task<Results<Ok<MapSnapshotDto[]>, NotFound<ProblemDetails>>> Maps(long id, int? step, int? probe,
        RunStore runs, ArtifactReader artifacts, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken: cancellationToken) is null) return RunsApi.RunNotFound(id);
        var snapshots = (await artifacts.SnapshotsAsync(id, cancellationToken))
            .Where(s => (step is null || s.Step == step) && (probe is null || s.ProbeIndex == probe));
        return TypedResults.Ok(snapshots.Select(MapSnapshotDto.From).ToArray());
    }

    internal static async Task<Results<Ok<CheckpointDto[]>, NotFound<ProblemDetails>>> Checkpoints(long id, RunStore runs,
        ArtifactReader artifacts, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken: cancellationToken) is null) return RunsApi.RunNotFound(id);
        return TypedResults.Ok((await artifacts.CheckpointsAsync(id, cancellationToken)).Select(CheckpointDto.From).ToArray());
    }

    internal static async Task<Results<PhysicalFileHttpResult, NotFound<ProblemDetails>>> DownloadCheckpoint(long id, string name,
        ArtifactReader artifacts, DataDirectory dataDirectory, CancellationToken cancellationToken)
    {
        // The name selects a recorded checkpoint; no part of the request becomes a path.
        var checkpoint = (await artifacts.CheckpointsAsync(id, cancellationToken)).FirstOrDefault(c => c.FileName == name);
        if (checkpoint is null || TryResolveInRun(dataDirectory, id, checkpoint.RelativePath) is not { } path)
            return NotFound($"Run {id} has no checkpoint named '{name}'.");
        if (!File.Exists(path)) return NotFound($"Checkpoint '{name}' of run {id} is recorded but its file is missing.");
        return TypedResults.PhysicalFile(path, "application/octet-stream", checkpoint.FileName);
    }

    internal static Task<Results<Created<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>>> Evaluate(
        long id, EvaluateRequest request, RunService service, ClaimsPrincipal user, CancellationToken cancellationToken)
        => LaunchedRunResults.FromParentAsync(id, () => service.EvaluateAsync(id, request, LewelPolicies.NameOf(user), cancellationToken),
            "The evaluation request is not valid.");

    /// <summary>A file of the run directory. Whatever is wrong with the path (it climbs out, is absolute, holds NUL,
    /// or is a link whose real path leaves the run directory) the answer is the same 404 as for a missing file, so
    /// the answer never tells which server folders or files exist.</summary>
    internal static Results<PhysicalFileHttpResult, NotFound<ProblemDetails>> RunFile(long id, string path, DataDirectory dataDirectory)
    {
        string fullPath;
        try
        {
            fullPath = DataDirectory.ResolveUnder(dataDirectory.RunDirectory(id), path);
        }
        catch (UnsafePathException)
        {
            return NoSuchFile(id);
        }
        if (!File.Exists(fullPath)) return NoSuchFile(id);
        if (!ContentTypes.TryGetContentType(fullPath, out var contentType)) contentType = "application/octet-stream";
        return TypedResults.PhysicalFile(fullPath, contentType, enableRangeProcessing: true);
    }

    private static NotFound<ProblemDetails> NoSuchFile(long id) => NotFound($"Run {id} has no such file.");

    private static string? TryResolveInRun(DataDirectory dataDirectory, long id, string relativePath)
    {
        try
        {
            return dataDirectory.ResolveInRun(id, relativePath);
        }
        catch (UnsafePathException)
        {
            return null;
        }
    }

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = detail, Status = 404 });

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".jsonl"] = "application/x-ndjson";
        provider.Mappings[".bin"] = "application/octet-stream";
        provider.Mappings[".ckpt"] = "application/octet-stream";
        provider.Mappings[".npy"] = "application/octet-stream";
        return provider;
    }
}
