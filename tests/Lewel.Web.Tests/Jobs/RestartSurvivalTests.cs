using System.Net;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Jobs;

/// <summary>A host stopped under a running run; a new host on the same data directory finishes it.</summary>
[Collection(HostCollection.Name)]
public class RestartSurvivalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    // Long enough that the run is still going when the first host stops, however fast the machine steps.
    private const int Steps = 120;

    [Fact]
    public async Task RunningRun_SurvivesAHostRestartAndContinuesFromItsCheckpointWithoutDuplicateSteps()
    {
        var dataDir = LewelHost.NewDataDir();
        try
        {
            long id;
            string firstJob;
            int stoppedAt;
            await using (var first = new LewelHost(cpuWorkers: 1, dataDir: dataDir))
            {
                var body = Configs.Tiny("lewel-b", steps: Steps, snapshotEverySteps: Steps);
                id = (await first.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
                var running = await first.WaitForAsync(id, r => r.Status == RunStatus.Running && r.Step >= 3, Patience);
                firstJob = running.JobId!;
            }
            await using (var between = await StoreServices.OpenAsync(dataDir))
            {
                var interrupted = await between.Runs.GetAsync(id, withHistory: true);
                Assert.Equal(RunStatus.Interrupted, interrupted.Status);
                stoppedAt = interrupted.Step;
                Assert.Equal($"interrupted by shutdown at step {stoppedAt}", interrupted.History[^1].Message);
            }

            await using var second = new LewelHost(cpuWorkers: 1, dataDir: dataDir);
            var finished = await second.WaitForStatusAsync(id, RunStatus.Succeeded, Patience);

            Assert.Equal(Steps, finished.Step);
            var messages = finished.History.Select(h => h.Message).ToList();
            var resumedAt = messages.Single(m => m.StartsWith("resumed at step", StringComparison.Ordinal));
            Assert.InRange(int.Parse(resumedAt["resumed at step ".Length..]), 2, stoppedAt);
            Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Interrupted, RunStatus.Queued, RunStatus.Running, RunStatus.Running,
                RunStatus.Succeeded], finished.History.Select(h => h.Status));
            Assert.NotEqual(firstJob, finished.JobId);
            Assert.Equal("Deleted", second.Services.GetRequiredService<RunJobQueue>().StateOf(firstJob));

            var loss = (await second.GetJsonAsync($"/api/runs/{id}/metrics?names=loss,learningRate")).GetProperty("series");
            foreach (var series in loss.EnumerateArray())
            {
                var steps = series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()).ToArray();
                Assert.Equal(Enumerable.Range(1, Steps), steps);
            }
            var lines = await File.ReadAllLinesAsync(Path.Combine(second.Directory.RunDirectory(id), "metrics.jsonl"));
            Assert.Equal(Steps, lines.Length);
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }
}
