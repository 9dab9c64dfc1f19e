using System.Net;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Queue;

/// <summary>A run that asks for a worker by name waits in that worker's own queue: a host started afterwards with one
/// worker takes the runs meant for it and the shared ones, never one meant for another worker. Bad requests name
/// their field.</summary>
[Collection(HostCollection.Name)]
public sealed class WorkerChoiceTests
{
    private const string OtherWorker = "gpu-box-7";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ARunForAnotherWorker_IsNotTaken_WhileThisWorkersAndSharedRunsAre()
    {
        var dataDir = LewelHost.NewDataDir();
        var thisWorker = Environment.MachineName; // a studio that runs jobs registers under the machine name
        try
        {
            long mine, shared, theirs;
            await using (var studio = new LewelHost(cpuWorkers: 0, dataDir: dataDir))
            {
                var workers = studio.Services.GetRequiredService<WorkerStore>();
                await workers.ReportAsync(new WorkerRecord(OtherWorker, "box7", 4242, DateTime.UtcNow)
                    { Queues = ["cpu=1"], Devices = ["cpu"], HeartbeatAt = DateTime.UtcNow });
                await workers.ReportAsync(new WorkerRecord(thisWorker, thisWorker, 1, DateTime.UtcNow)
                    { Queues = ["cpu=1"], Devices = ["cpu"], HeartbeatAt = DateTime.UtcNow });

                var unknown = await studio.PostJsonAsync("/api/runs", Launch("x", worker: "nobody"), HttpStatusCode.BadRequest);
                Assert.StartsWith("no worker named 'nobody'; the workers are ", unknown.GetProperty("errors").GetProperty("worker")[0].GetString());
                var cpuGpu = await studio.PostJsonAsync("/api/runs", Launch("x", gpu: 1), HttpStatusCode.BadRequest);
                Assert.Equal("only a run on a GPU can name one; this run computes on cpu", cpuGpu.GetProperty("errors").GetProperty("gpu")[0].GetString());
                var badGpu = await studio.PostJsonAsync("/api/runs", Launch("x", gpu: -1), HttpStatusCode.BadRequest);
                Assert.Equal("must be a GPU index, 0 or more", badGpu.GetProperty("errors").GetProperty("gpu")[0].GetString());

                theirs = Id(await studio.PostJsonAsync("/api/runs", Launch("theirs", worker: OtherWorker), HttpStatusCode.Created));
                mine = Id(await studio.PostJsonAsync("/api/runs", Launch("mine", worker: thisWorker), HttpStatusCode.Created));
                shared = Id(await studio.PostJsonAsync("/api/runs", Launch("shared"), HttpStatusCode.Created));
                var shown = (await studio.GetJsonAsync("/api/queue")).EnumerateArray().ToList();
                Assert.Equal(OtherWorker, shown.Single(q => q.GetProperty("runId").GetInt64() == theirs).GetProperty("worker").GetString());
            }

            await using var worker = new LewelHost(cpuWorkers: 1, dataDir: dataDir);
            var ran = new[]
            {
                await worker.WaitForStatusAsync(mine, RunStatus.Succeeded, RunTimeout),
                await worker.WaitForStatusAsync(shared, RunStatus.Succeeded, RunTimeout),
            };
            Assert.All(ran, r => Assert.Equal(thisWorker, r.Host));
            // Its server polls every 100 ms and is idle now: the other worker's run would have started by this time.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var waiting = await worker.Runs.GetAsync(theirs);
            Assert.Equal(RunStatus.Queued, waiting.Status);
            Assert.Equal(OtherWorker, waiting.Worker);
            Assert.Equal([theirs], (await worker.GetJsonAsync("/api/queue")).EnumerateArray().Select(q => q.GetProperty("runId").GetInt64()));
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private static Dictionary<string, object?> Launch(string name, string? worker = null, int? gpu = null)
    {
        var body = Configs.Tiny("byol", steps: 2, name: name);
        if (worker is not null) body["worker"] = worker;
        if (gpu is not null) body["gpu"] = gpu;
        return body;
    }

    private static long Id(System.Text.Json.JsonElement detail) => detail.GetProperty("run").GetProperty("id").GetInt64();
}
