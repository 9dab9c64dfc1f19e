using System.Net;
using Lewel.Data.Entities;
using Lewel.Data.Series;
using Lewel.Data.Stores;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Processes;

/// <summary>Every run executes in a child process of its own: real processes, real signals. A child that dies, hangs
/// or ignores a stop fails or cancels its run only; the studio keeps serving and the run resumes.</summary>
[Collection(HostCollection.Name)]
public class RunProcessTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    private static Dictionary<string, object?> Run(int steps, int checkpointEvery = 5, string method = "lewel-b")
    {
        var config = Configs.Tiny(method, steps, checkpointEverySteps: checkpointEvery, snapshotEverySteps: 0);
        // These tests are about processes, not numerics: plain SGD keeps the tiny network finite for hundreds of steps.
        config["optimizer"] = new Dictionary<string, object> { ["name"] = "sgd", ["baseLr"] = 0.5 };
        return config;
    }

    private static async Task<long> LaunchAsync(LewelHost host, Dictionary<string, object?> body) =>
        (await host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();

    private static async Task<int> ChildOfAsync(LewelHost host, long runId)
    {
        var registry = host.Services.GetRequiredService<RunProcessRegistry>();
        var deadline = DateTime.UtcNow + Long;
        while (DateTime.UtcNow < deadline)
        {
            if (registry.ProcessOf(runId) is { } pid) return pid;
            await Task.Delay(20);
        }
        throw new TimeoutException($"run {runId} never got a process");
    }

    private static async Task<IReadOnlyList<SeriesPoint>> LossesAsync(LewelHost host, long runId) =>
        (await host.Services.GetRequiredService<MetricReader>().SeriesAsync(runId, ["loss"]))["loss"];

    [Fact]
    public async Task ACrashedChild_FailsItsRunWithTheSignal_TheStudioServesOn_TheNextRunFinishes_AndResumeCompletes()
    {
        await using var host = new LewelHost();
        var crashing = await LaunchAsync(host, Run(steps: 300, checkpointEvery: 25));
        var behind = await LaunchAsync(host, Run(steps: 4));
        var pid = await ChildOfAsync(host, crashing);
        Assert.NotEqual(Environment.ProcessId, pid);
        await host.WaitForAsync(crashing, r => r.Step >= 30, Long);

        // glibc's abort() on heap corruption, as oneDNN's AVX2 kernel caused. The .NET runtime of the child may swallow
        // the first external fatal signal it gets (a real fault re-raises at once), so it is sent until the child dies.
        for (var i = 0; i < 50 && Signals.IsAlive(pid); i++)
        {
            Signals.Send(pid, Signals.Abort);
            await Signals.WaitForExitAsync(pid, TimeSpan.FromMilliseconds(100));
        }

        var failed = await host.WaitForStatusAsync(crashing, RunStatus.Failed, Long);
        Assert.Contains("training process died with SIGABRT at step", failed.Error);
        var checkpoint = int.Parse(System.Text.RegularExpressions.Regex.Match(failed.Error!, @"The last checkpoint is step (\d+)").Groups[1].Value);
        Assert.True(checkpoint >= 25 && checkpoint % 25 == 0 && checkpoint < failed.Step + 1, failed.Error);
        Assert.Contains("Resume continues from there", failed.Error);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
        await host.WaitForStatusAsync(behind, RunStatus.Succeeded, Long);

        await host.PostJsonAsync($"/api/runs/{crashing}/resume", new { }, HttpStatusCode.Accepted);
        var resumed = await host.WaitForStatusAsync(crashing, RunStatus.Succeeded, Long);
        Assert.Equal(300, resumed.Step);
        Assert.Equal(Enumerable.Range(1, 300), (await LossesAsync(host, crashing)).Select(p => p.Step));
    }

    [Fact]
    public async Task ASilentChild_IsKilledByTheWatchdog_AndTheRunFailsAsStalled()
    {
        await using var host = new LewelHost(settings: new Dictionary<string, string>
        {
            ["Lewel:Jobs:StallMinSeconds"] = "3",
            ["Lewel:Jobs:StallStepFactor"] = "2",
        });
        var id = await LaunchAsync(host, Run(steps: 200));
        var pid = await ChildOfAsync(host, id);
        await host.WaitForAsync(id, r => r.Step >= 6, Long);

        Signals.Send(pid, Signals.Stop); // hung: alive, silent, never finishing its step
        var failed = await host.WaitForStatusAsync(id, RunStatus.Failed, TimeSpan.FromSeconds(30));

        Assert.StartsWith("stalled at step ", failed.Error);
        Assert.Contains("the process was killed", failed.Error);
        Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(5)), "the stalled child is still alive");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task CancelOfAChildThatCannotStop_KillsItAfterTheGracePeriod_AndKeepsTheLastCheckpoint()
    {
        await using var host = new LewelHost(settings: new Dictionary<string, string> { ["Lewel:Jobs:CancelGraceSeconds"] = "2" });
        var id = await LaunchAsync(host, Run(steps: 200));
        var pid = await ChildOfAsync(host, id);
        await host.WaitForAsync(id, r => r.Step >= 7, Long);
        Signals.Send(pid, Signals.Stop);

        await host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.Accepted);
        var cancelled = await host.WaitForStatusAsync(id, RunStatus.Cancelled, TimeSpan.FromSeconds(30));

        Assert.True(await Signals.WaitForExitAsync(pid, TimeSpan.FromSeconds(5)), "the child survived its cancel");
        Assert.True(cancelled.Step >= 5, $"the run kept step {cancelled.Step}, not its last checkpoint");
        var checkpoints = await host.Services.GetRequiredService<ArtifactReader>().CheckpointsAsync(id);
        Assert.Contains(checkpoints, c => c.Step == cancelled.Step);
    }

    [Fact]
    public async Task TwoConcurrentRunsWithOneSeed_EachGiveTheLossesOfThatRunMadeAlone()
    {
        await using var host = new LewelHost(cpuWorkers: 2);
        var first = await LaunchAsync(host, Run(steps: 8));
        var second = await LaunchAsync(host, Run(steps: 8));
        await host.WaitForStatusAsync(first, RunStatus.Succeeded, Long);
        await host.WaitForStatusAsync(second, RunStatus.Succeeded, Long);
        var alone = await LaunchAsync(host, Run(steps: 8));
        await host.WaitForStatusAsync(alone, RunStatus.Succeeded, Long);

        var expected = (await LossesAsync(host, alone)).Select(p => p.Value).ToArray();
        Assert.Equal(8, expected.Length);
        Assert.Equal(expected, (await LossesAsync(host, first)).Select(p => p.Value));
        Assert.Equal(expected, (await LossesAsync(host, second)).Select(p => p.Value));
    }
}
