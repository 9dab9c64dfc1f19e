using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary><c>/api/queue</c>: the waiting runs in the order workers will take them; <c>PATCH /api/runs/{id}/queue</c>
/// changes a waiting run's priority and <c>POST /api/runs/{id}/run-next</c> puts it at the head of its queue.</summary>
public static class QueueApi
{
    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/queue", async (RunQueueOrder order, CancellationToken cancellationToken) =>
                TypedResults.Ok(await order.ReadAsync(cancellationToken)))
            .WithTags("Queue")
            .WithSummary("The waiting runs of each queue (cpu, gpu) with their position, 1 being the next one taken")
            .RequireAuthorization(LewelPolicies.Viewer);
        var runs = endpoints.MapGroup("/api/runs").WithTags("Queue").RequireAuthorization(LewelPolicies.Researcher);
        runs.MapPatch("/{id:long}/queue", SetPriority)
            .WithSummary("Change a waiting run's priority ({\"priority\": \"high\" | \"normal\" | \"low\"}); it goes behind the runs waiting at that level");
        runs.MapPost("/{id:long}/run-next", RunNext).WithSummary("Put a waiting run at the head of its queue");
        return endpoints;
    }

    internal static async Task<Results<Ok<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> SetPriority(
        long id, [FromBody] JsonElement body, RunService service, CancellationToken cancellationToken)
    {
        if (ParsePriority(body) is not { } priority)
            return TypedResults.ValidationProblem(PriorityErrors(body), title: "The queue change is not valid.");
        return await QueuedRunAction(id, () => service.SetPriorityAsync(id, priority, cancellationToken));
    }

    internal static Task<Results<Ok<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RunNext(
        long id, RunService service, CancellationToken cancellationToken) =>
        QueuedRunAction(id, () => service.RunNextAsync(id, cancellationToken));

    private static async Task<Results<Ok<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> QueuedRunAction(
        long id, Func<Task<Run>> action)
    {
        try
        {
            return TypedResults.Ok(RunSummaryDto.From(await action()));
        }
        catch (RunNotFoundException) { return RunsApi.RunNotFound(id); }
        catch (InvalidRunTransitionException e)
        {
            return TypedResults.Conflict(new ProblemDetails { Title = "The run is no longer queued", Detail = e.Message, Status = 409 });
        }
    }

    private static RunPriority? ParsePriority(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.EnumerateObject().All(p => p.NameEquals("priority"))
        && body.TryGetProperty("priority", out var value) && value.ValueKind == JsonValueKind.String
        && RunPriorities.TryParse(value.GetString(), out var priority)
            ? priority
            : null;

    private static Dictionary<string, string[]> PriorityErrors(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return ApiErrors.Field("", "the body must be a JSON object: {\"priority\": \"high\"}");
        var unknown = body.EnumerateObject().Select(p => p.Name).Where(n => n != "priority").ToList();
        if (unknown.Count > 0) return ApiErrors.Field(unknown[0], "is not a queue setting; only priority can be changed");
        return ApiErrors.Field("priority", body.TryGetProperty("priority", out _) ? RunPriorities.Expected : "is required; " + RunPriorities.Expected);
    }
}
