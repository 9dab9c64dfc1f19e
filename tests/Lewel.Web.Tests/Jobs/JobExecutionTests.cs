using System.Net;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Jobs;

/// <summary>Runs executed by the host's own job server.</summary>
[Collection(HostCollection.Name)]
public class JobExecutionTests(WorkingHostFixture fixture) : IClassFixture<WorkingHostFixture>
{
    private LewelHost Host => fixture.Host;

    [Fact]
    public async Task Run_ThatFailsWhileExecuting_IsMarkedFailedWithTheReasonAndNotRetried()
    {
        var body = Configs.Tiny();
        var missing = Path.Combine(Host.DataDir, "no-such-images");
        body["dataset"] = "folder:" + missing;
        var detail = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created);
        var id = detail.GetProperty("run").GetProperty("id").GetInt64();

        var run = await Host.WaitForStatusAsync(id, RunStatus.Failed);

        Assert.False(string.IsNullOrWhiteSpace(run.Error));
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Failed], run.History.Select(h => h.Status));
        Assert.Contains(run.Error!, run.History[^1].Message);
        Assert.Equal(Environment.MachineName, run.Host);
        var jobs = Host.Services.GetRequiredService<RunJobQueue>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (jobs.StateOf(run.JobId!) != "Failed" && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("Failed", jobs.StateOf(run.JobId!));
        var state = await Host.Services.GetRequiredService<RunNotifier>().GetStateAsync(id);
        Assert.Equal((RunStatus.Failed, run.Error), (state.Status, state.Error));
        var api = await Host.GetJsonAsync($"/api/runs/{id}");
        Assert.Equal("failed", api.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(run.Error, api.GetProperty("run").GetProperty("error").GetString());
    }
}
