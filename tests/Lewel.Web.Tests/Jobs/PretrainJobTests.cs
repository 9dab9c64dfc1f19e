using System.Net;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Jobs;

[Collection(HostCollection.Name)]
public class PretrainJobTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    private async Task ExecuteAsync(long runId, Guid token)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PretrainJob>().ExecuteAsync(runId, token, CancellationToken.None);
    }

    [Fact]
    public async Task Execute_WithAStaleExecutionToken_LeavesTheRunAlone()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        await ExecuteAsync(id, Guid.NewGuid());
        var run = await Host.Runs.GetAsync(id, withHistory: true);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Single(run.History);
    }

    [Fact]
    public async Task Execute_ForACancelledRun_DoesNothing()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var token = (await Host.Runs.GetAsync(id)).ExecutionToken;
        await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.OK);
        await ExecuteAsync(id, token);
        Assert.Equal(RunStatus.Cancelled, (await Host.Runs.GetAsync(id)).Status);
    }

    [Fact]
    public async Task Execute_ForADeletedRun_DoesNothing()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var token = (await Host.Runs.GetAsync(id)).ExecutionToken;
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Client.DeleteAsync($"/api/runs/{id}")).StatusCode);
        await ExecuteAsync(id, token);
        Assert.Null(await Host.Runs.FindAsync(id));
    }
}
