using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lewel.Web.Apis;

/// <summary>The answer of an endpoint that makes one new run from an existing one (an evaluation, a fork): 201 with the
/// new run, a validation problem naming the fields, or 404 when the parent run does not exist.</summary>
internal static class LaunchedRunResults
{
    public static async Task<Results<Created<RunSummaryDto>, ValidationProblem, NotFound<ProblemDetails>>> FromParentAsync(
        long parentId, Func<Task<LaunchResult>> launch, string invalidTitle)
    {
        try
        {
            var result = await launch();
            if (!result.IsValid) return TypedResults.ValidationProblem(result.Errors, title: invalidTitle);
            var run = result.Runs[0];
            return TypedResults.Created($"/api/runs/{run.Id}", RunSummaryDto.From(run));
        }
        catch (RunNotFoundException)
        {
            return RunsApi.RunNotFound(parentId);
        }
    }
}
