using System.Net;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lewel.Web.Tests.Jobs;

[Collection(HostCollection.Name)]
public class RunRecoveryServiceTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;
    private RunJobQueue Jobs => Host.Services.GetRequiredService<RunJobQueue>();

    /// <summary>A recovery pass that sees the clock <paramref name="ahead"/> of now (to make heartbeats stale).</summary>
    private RunRecoveryService Recovery(TimeSpan ahead = default)
    {
        var clock = new ShiftedTimeProvider(ahead);
        var s = Host.Services;
        return new RunRecoveryService(Host.Runs, s.GetRequiredService<RunService>(), Jobs, s.GetRequiredService<RunNotifier>(),
            s.GetRequiredService<RunCancellationRegistry>(), s.GetRequiredService<ArtifactReader>(), s.GetRequiredService<JobsOptions>(), clock, NullLogger<RunRecoveryService>.Instance);
    }

    private async Task<Run> RunningRunAsync()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var queued = await Host.Runs.GetAsync(id);
        return await Host.Runs.UpdateAsync(id, (r, now) => r.Start(queued.ExecutionToken, "gone-host", now));
    }

    [Fact]
    public async Task Sweep_InterruptedRun_IsQueuedAgainWithANewExecutionAndTheOldJobDeleted()
    {
        var run = await RunningRunAsync();
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(new RunBatch(run.Id) { Progress = (40, 100) }, DateTime.UtcNow);
        await Host.Runs.UpdateAsync(run.Id, (r, now) => r.Interrupt("interrupted by shutdown at step 40", now));

        Assert.True(await Recovery().SweepAsync(CancellationToken.None) >= 1);

        var recovered = await Host.Runs.GetAsync(run.Id, withHistory: true);
        Assert.Equal(RunStatus.Queued, recovered.Status);
        Assert.NotEqual(run.ExecutionToken, recovered.ExecutionToken);
        Assert.NotEqual(run.JobId, recovered.JobId);
        Assert.Equal("Deleted", Jobs.StateOf(run.JobId!));
        Assert.Equal("Enqueued", Jobs.StateOf(recovered.JobId!));
        Assert.Equal(40, recovered.Step);
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Interrupted, RunStatus.Queued], recovered.History.Select(h => h.Status));
        Assert.Contains("resume from the last checkpoint (step 40", recovered.History[^1].Message);
        await Recovery().SweepAsync(CancellationToken.None);
        Assert.Equal(recovered.JobId, (await Host.Runs.GetAsync(run.Id)).JobId); // recovered once, not again
    }

    [Fact]
    public async Task Sweep_RunningRunWithAStaleHeartbeat_IsInterruptedAndQueuedAgain()
    {
        var run = await RunningRunAsync();
        Assert.False((await Host.Runs.FindOrphansAsync(DateTime.UtcNow.AddSeconds(-30))).Any(o => o.Id == run.Id), "fresh heartbeat");

        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);

        var recovered = await Host.Runs.GetAsync(run.Id, withHistory: true);
        Assert.Equal(RunStatus.Queued, recovered.Status);
        Assert.Contains(recovered.History, h => h.Status == RunStatus.Interrupted && h.Message.Contains("its process stopped"));
    }

    [Fact]
    public async Task Sweep_LostRunThatWasAskedToStop_IsCancelledNotResumed()
    {
        var run = await RunningRunAsync();
        await Host.Runs.UpdateAsync(run.Id, (r, _) => r.RequestCancel());

        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);

        var settled = await Host.Runs.GetAsync(run.Id);
        Assert.Equal(RunStatus.Cancelled, settled.Status);
        Assert.Equal(run.JobId, settled.JobId);
    }

    [Fact]
    public async Task Sweep_QueuedRunWhoseJobWasLost_IsQueuedAgain()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        var queued = await Host.Runs.GetAsync(id);
        Jobs.Delete(queued.JobId!);

        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);

        var requeued = await Host.Runs.GetAsync(id);
        Assert.Equal(RunStatus.Queued, requeued.Status);
        Assert.NotEqual(queued.JobId, requeued.JobId);
        Assert.Equal(queued.ExecutionToken, requeued.ExecutionToken);
        Assert.Equal("Enqueued", Jobs.StateOf(requeued.JobId!));
    }

    [Fact]
    public async Task Sweep_RunExecutingInThisProcess_IsLeftAlone()
    {
        var run = await RunningRunAsync();
        using var registration = Host.Services.GetRequiredService<RunCancellationRegistry>().Register(run.Id);

        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);

        Assert.Equal(RunStatus.Running, (await Host.Runs.GetAsync(run.Id)).Status);
    }

    /// <summary>Loses the run's process once more: it is started by a host that then vanishes, and a sweep finds it.</summary>
    private async Task<Run> LoseAgainAsync(long runId)
    {
        var queued = await Host.Runs.GetAsync(runId);
        await Host.Runs.UpdateAsync(runId, (r, now) => r.Start(queued.ExecutionToken, "gone-host", now));
        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);
        return await Host.Runs.GetAsync(runId);
    }

    [Fact]
    public async Task Sweep_ARunLostMaxAttemptsTimesInARowWithoutANewerCheckpoint_FailsInsteadOfLoopingForever()
    {
        var max = Host.Services.GetRequiredService<JobsOptions>().MaxAttempts;
        var run = await RunningRunAsync();
        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);
        for (var attempt = 2; attempt < max; attempt++)
            Assert.Equal(RunStatus.Queued, (await LoseAgainAsync(run.Id)).Status);

        var failed = await LoseAgainAsync(run.Id);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains($"lost {max} times in a row without a newer checkpoint", failed.Error);
        Assert.Contains("no heartbeat since", failed.Error);
        await Host.PostJsonAsync($"/api/runs/{run.Id}/resume", new { }, HttpStatusCode.Accepted); // a person may still try again
        Assert.Equal(0, (await Host.Runs.GetAsync(run.Id)).LostAttempts);
    }

    [Fact]
    public async Task Sweep_ARunThatCheckpointsBetweenLosses_IsQueuedAgainEveryTime()
    {
        var max = Host.Services.GetRequiredService<JobsOptions>().MaxAttempts;
        var run = await RunningRunAsync();
        var writer = Host.Services.GetRequiredService<RunBatchWriter>();
        await Recovery(TimeSpan.FromMinutes(10)).SweepAsync(CancellationToken.None);
        for (var attempt = 1; attempt <= max + 2; attempt++)
        {
            var batch = new RunBatch(run.Id);
            batch.Checkpoints.Add(new CheckpointRecord(run.Id, $"runs/{run.Id}/checkpoints/step{attempt:0000000}.ckpt", attempt * 10, 1, DateTime.UtcNow));
            await writer.WriteAsync(batch, DateTime.UtcNow);
            var requeued = await LoseAgainAsync(run.Id);
            Assert.Equal(RunStatus.Queued, requeued.Status);
            Assert.Equal(1, requeued.LostAttempts);
        }
    }
}
