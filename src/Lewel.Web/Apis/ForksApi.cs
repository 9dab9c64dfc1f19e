using System.Security.Claims;
using Lewel.Data.Stores;
using Lewel.Web.Auth;
using Lewel.Web.Runs;
using Lewel.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary><c>POST /api/runs/{id}/fork</c>: a new run continuing from one of the run's checkpoints with config edits.</summary>
public static class ForksApi
{
    public static IEndpointRouteBuilder MapForksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/runs/{id:long}/fork", Fork).WithTags("Runs").RequireRateLimiting(RateLimits.LaunchPolicy)
            .WithSummary("Fork the run from a checkpoint: a new linked run restoring its full training state, then applying the config edits")
            .RequireAuthorization(LewelPolicies.Researcher);
        return endpoints;
    }

    internal static Task<Results<Created<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>>> Fork(
        long id, ForkRequest request, RunForkService forks, ClaimsPrincipal user, CancellationToken cancellationToken)
        => LaunchedRunResults.FromParentAsync(id, () => forks.ForkAsync(id, request, LewelPolicies.NameOf(user), cancellationToken),
            "The fork request is not valid.");
}
