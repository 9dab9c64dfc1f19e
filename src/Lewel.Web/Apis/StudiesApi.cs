using System.Security.Claims;
using System.Text.Json;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Security;
using Lewel.Web.Studies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary><c>/api/studies</c>: launch a study (a baseline and its LEWEL variant at N seeds), list and inspect them.</summary>
public static class StudiesApi
{
    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/studies").WithTags("Studies").RequireAuthorization(LewelPolicies.Viewer);
        group.MapPost("/", Launch).RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Launch a study: { pair: byol|mocov2, seeds: N or seedList: [..], config: { dataset, steps|epochs, ... } }; 2·N runs, evaluated when they finish")
            .RequireAuthorization(LewelPolicies.Researcher);
        group.MapGet("/", List).WithSummary("List studies, newest first");
        group.MapGet("/{id:long}", Get).WithSummary("A study: configuration, each run's status, the result table");
        return endpoints;
    }

    internal static async Task<Results<Created<StudyDetailDto>, ValidationProblem>> Launch([FromBody] JsonElement body, StudyService service,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var outcome = await service.LaunchAsync(body, LewelPolicies.NameOf(user), cancellationToken);
        if (!outcome.IsValid) return TypedResults.ValidationProblem(outcome.Errors, title: "The study is not valid.");
        var view = await service.ViewAsync(outcome.Study!.Id, cancellationToken);
        return TypedResults.Created($"/api/studies/{outcome.Study.Id}", StudyDetailDto.From(view!));
    }

    internal static async Task<Results<Ok<StudySummaryDto[]>, ValidationProblem>> List(StudyStore studies, int? skip, int? take,
        CancellationToken cancellationToken)
    {
        if (skip < 0) return TypedResults.ValidationProblem(ApiErrors.Field("skip", "must be 0 or more"));
        if (take is < 1 or > StudyStore.MaxTake) return TypedResults.ValidationProblem(ApiErrors.Field("take", $"must be in 1..{StudyStore.MaxTake}"));
        var items = await studies.ListAsync(skip ?? 0, take ?? 50, cancellationToken);
        return TypedResults.Ok(items.Select(StudySummaryDto.From).ToArray());
    }

    internal static async Task<Results<Ok<StudyDetailDto>, NotFound<ProblemDetails>>> Get(long id, StudyService service, CancellationToken cancellationToken)
    {
        var view = await service.ViewAsync(id, cancellationToken);
        return view is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Study not found", Detail = $"Study {id} does not exist.", Status = 404 })
            : TypedResults.Ok(StudyDetailDto.From(view));
    }
}
