using System.Net;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Jobs;

/// <summary>Stopping real training and continuing it from its checkpoint.</summary>
[Collection(HostCollection.Name)]
public class CancelAndResumeTests(WorkingHostFixture fixture) : IClassFixture<WorkingHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private LewelHost Host => fixture.Host;

    [Fact]
    public async Task Cancel_RunningRun_StopsWithinAStepWithACheckpointAndResumeContinuesFromIt()
    {
        var body = Configs.Tiny("lewel-b", steps: 400, snapshotEverySteps: 100);
        var id = (await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        await Host.WaitForAsync(id, r => r.Status == RunStatus.Running && r.Step >= 2, Patience);

        var accepted = await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.Accepted);
        Assert.Equal("running", accepted.GetProperty("status").GetString());
        var cancelled = await Host.WaitForStatusAsync(id, RunStatus.Cancelled, Patience);

        Assert.InRange(cancelled.Step, 2, 399);
        Assert.Equal($"cancelled at step {cancelled.Step}", cancelled.History[^1].Message);
        var checkpoints = await Host.GetJsonAsync($"/api/runs/{id}/checkpoints");
        Assert.Equal(cancelled.Step, checkpoints.EnumerateArray().Max(c => c.GetProperty("step").GetInt32()));
        var jobs = Host.Services.GetRequiredService<RunJobQueue>();
        Assert.Equal("Succeeded", await EventuallyAsync(() => jobs.StateOf(cancelled.JobId!), "Succeeded"));

        await Host.PostJsonAsync($"/api/runs/{id}/resume", new { }, HttpStatusCode.Accepted);
        var resumed = await Host.WaitForAsync(id, r => r.History.Any(h => h.Message == $"resumed at step {cancelled.Step}")
            && r.Step > cancelled.Step, Patience);
        Assert.Equal(RunStatus.Running, resumed.Status);
        await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.Accepted);
        var final = await Host.WaitForStatusAsync(id, RunStatus.Cancelled, Patience);

        var loss = (await Host.GetJsonAsync($"/api/runs/{id}/metrics?names=loss")).GetProperty("series")[0].GetProperty("points")
            .EnumerateArray().Select(p => p.GetProperty("step").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(1, final.Step), loss);
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Cancelled, RunStatus.Queued, RunStatus.Running, RunStatus.Running,
            RunStatus.Cancelled], final.History.Select(h => h.Status));
    }

    private static async Task<string?> EventuallyAsync(Func<string?> read, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? value;
        while ((value = read()) != expected && DateTime.UtcNow < deadline) await Task.Delay(50);
        return value;
    }
}
