using Lewel.Web.Auth;
using Lewel.Web.Workers;

namespace Lewel.Web.Apis;

/// <summary><c>/api/workers</c>: the hosts that run jobs, their devices, the runs they hold, and whether they are live.</summary>
public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/workers", async (WorkerDirectory directory, CancellationToken cancellationToken) =>
                TypedResults.Ok(await directory.ListAsync(cancellationToken)))
            .WithTags("Workers")
            .WithSummary("The job hosts (studio and worker hosts): queues, devices, GPUs, running runs, last seen, live or lost")
            .RequireAuthorization(LewelPolicies.Viewer);
        return endpoints;
    }
}
