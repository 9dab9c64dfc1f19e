using System.Text.Json;
using Lewel.Data.Entities;
using System.Security.Claims;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Runs;
using Lewel.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary><c>/api/runs</c>: launch, list, inspect, cancel, resume and delete runs.</summary>
public static class RunsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    /// <summary>One value per warning about the launched configuration (also in the run's <c>warnings</c>).</summary>
    public const string WarningHeader = "Lewel-Warning";

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(LewelPolicies.Viewer);
        group.MapPost("/", Launch).RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Queue a pretraining run (RunConfig JSON; \"paired\": true queues the baseline and its LEWEL variant)")
            .RequireAuthorization(LewelPolicies.Researcher);
        group.MapPost("/paired", LaunchPaired).RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Queue a baseline and its LEWEL variant with identical settings")
            .RequireAuthorization(LewelPolicies.Researcher);
        group.MapGet("/", List).WithSummary("List runs, newest first");
        group.MapGet("/{id:long}", Get).WithSummary("A run with its configuration and history");
        group.MapPost("/{id:long}/cancel", Cancel).WithSummary("Cancel a queued run, or ask a running one to stop")
            .RequireAuthorization(LewelPolicies.Researcher);
        group.MapPost("/{id:long}/resume", Resume).RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Queue a failed, cancelled or interrupted run again from its last checkpoint")
            .RequireAuthorization(LewelPolicies.Researcher);
        group.MapDelete("/{id:long}", Delete).WithSummary("Delete a run, its records and its files")
            .RequireAuthorization(LewelPolicies.Researcher);
        return endpoints;
    }

    internal static async Task<Results<Created<RunDetailDto>, Ok<RunDetailDto>, Created<RunSummaryDto[]>, Ok<RunSummaryDto[]>, ValidationProblem, UnprocessableEntity<ProblemDetails>>> Launch(
        [FromBody] JsonElement body, [FromHeader(Name = IdempotencyHeader)] string? launchKey, RunService service, RunStore runs,
        ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await service.LaunchAsync(body, launchKey, launchedBy: LewelPolicies.NameOf(user), cancellationToken: cancellationToken);
        if (result.KeyConflictDetail is { } conflict) return KeyConflict(conflict);
        if (!result.IsValid) return TypedResults.ValidationProblem(result.Errors, title: "The run configuration is not valid.");
        AddWarnings(response, result);
        if (result.Runs.Count > 1)
        {
            var items = result.Runs.Select(RunSummaryDto.From).ToArray();
            return result.Repeated ? TypedResults.Ok(items) : TypedResults.Created(PairUrl(items), items);
        }
        var run = await runs.GetAsync(result.Runs[0].Id, withHistory: true, cancellationToken);
        var dto = RunDetailDto.From(run) with { Warnings = result.Warnings };
        return result.Repeated ? TypedResults.Ok(dto) : TypedResults.Created($"/api/runs/{run.Id}", dto);
    }

    internal static async Task<Results<Created<RunSummaryDto[]>, Ok<RunSummaryDto[]>, ValidationProblem, UnprocessableEntity<ProblemDetails>>> LaunchPaired(
        [FromBody] JsonElement body, [FromHeader(Name = IdempotencyHeader)] string? launchKey, RunService service,
        ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await service.LaunchAsync(body, launchKey, forcePaired: true, LewelPolicies.NameOf(user), cancellationToken);
        if (result.KeyConflictDetail is { } conflict) return KeyConflict(conflict);
        if (!result.IsValid) return TypedResults.ValidationProblem(result.Errors, title: "The run configuration is not valid.");
        AddWarnings(response, result);
        var items = result.Runs.Select(RunSummaryDto.From).ToArray();
        return result.Repeated ? TypedResults.Ok(items) : TypedResults.Created(PairUrl(items), items);
    }

    private static UnprocessableEntity<ProblemDetails> KeyConflict(string detail) =>
        TypedResults.UnprocessableEntity(new ProblemDetails { Title = "Idempotency key already used", Detail = detail, Status = 422 });

    private static void AddWarnings(HttpResponse response, LaunchResult result)
    {
        // Header values must be ASCII; the body's warnings keep the full text.
        foreach (var warning in result.Warnings)
            response.Headers.Append(WarningHeader, new string(warning.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray()));
    }

    private static string PairUrl(RunSummaryDto[] items) => $"/api/runs?pairingKey={items[0].PairingKey}";

    internal static async Task<Results<Ok<RunListDto>, ValidationProblem>> List(RunStore runs, string? status, string? method,
        string? tag, string? q, string? kind, string? pairingKey, long? parent, int? skip, int? take, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var statusValue = ParseEnum<RunStatus>(status, "status", errors);
        var kindValue = ParseEnum<RunKind>(kind, "kind", errors);
        if (skip < 0) errors["skip"] = ["must be 0 or more"];
        if (take is < 1 or > RunFilter.MaxTake) errors["take"] = [$"must be in 1..{RunFilter.MaxTake}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var filter = new RunFilter
        {
            Status = statusValue, Method = method, Tag = tag, Text = q, Kind = kindValue, PairingKey = pairingKey, ParentRunId = parent,
            Skip = skip ?? 0, Take = take ?? 50,
        };
        var page = await runs.ListAsync(filter, cancellationToken);
        return TypedResults.Ok(new RunListDto(page.Total, filter.Skip, filter.Take, [.. page.Items.Select(RunSummaryDto.From)]));
    }

    internal static async Task<Results<Ok<RunDetailDto>, NotFound<ProblemDetails>>> Get(long id, RunStore runs, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(id, withHistory: true, cancellationToken);
        return run is null ? RunNotFound(id) : TypedResults.Ok(RunDetailDto.From(run));
    }

    internal static async Task<Results<Ok<RunSummaryDto>, Accepted<RunSummaryDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Cancel(
        long id, RunService service, CancellationToken cancellationToken)
    {
        try
        {
            var run = await service.CancelAsync(id, cancellationToken);
            var dto = RunSummaryDto.From(run);
            return run.Status == RunStatus.Running ? TypedResults.Accepted($"/api/runs/{id}", dto) : TypedResults.Ok(dto);
        }
        catch (RunNotFoundException) { return RunNotFound(id); }
        catch (InvalidRunTransitionException e) { return Conflict(e.Message); }
    }

    internal static async Task<Results<Accepted<RunSummaryDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Resume(
        long id, RunService service, CancellationToken cancellationToken)
    {
        try
        {
            var run = await service.ResumeAsync(id, cancellationToken);
            return TypedResults.Accepted($"/api/runs/{id}", RunSummaryDto.From(run));
        }
        catch (RunNotFoundException) { return RunNotFound(id); }
        catch (InvalidRunTransitionException e) { return Conflict(e.Message); }
    }

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Delete(
        long id, RunService service, CancellationToken cancellationToken)
    {
        try
        {
            await service.DeleteAsync(id, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (RunNotFoundException) { return RunNotFound(id); }
        catch (RunBusyException e) { return Conflict(e.Message); }
        catch (InvalidRunTransitionException e) { return Conflict(e.Message); }
    }

    internal static NotFound<ProblemDetails> RunNotFound(long id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Run not found", Detail = $"Run {id} does not exist.", Status = 404 });

    private static Conflict<ProblemDetails> Conflict(string detail) =>
        TypedResults.Conflict(new ProblemDetails { Title = "Not possible in the run's current state", Detail = detail, Status = 409 });

    private static T? ParseEnum<T>(string? text, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        errors[field] = [$"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"];
        return null;
    }
}
