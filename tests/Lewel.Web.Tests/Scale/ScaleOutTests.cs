using System.Collections.Concurrent;
using System.Text.Json;
using Lewel.Tests.Postgres;
using Lewel.Web.Hubs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lewel.Web.Tests.Scale;

/// <summary>A studio that runs no jobs (Lewel:Workers 0/0) and two worker hosts, each a real OS process, on one data
/// directory and one throwaway PostgreSQL database: runs queued through the studio's API spread over both workers, a
/// SignalR client of the studio receives live steps of the runs on either worker (LISTEN/NOTIFY), the studio lists both
/// workers, and a worker killed with kill -9 mid-run is reported lost while its run finishes on the
/// other worker from its last checkpoint, every step recorded exactly once.</summary>
[Collection(StudioProcessCollection.Name)]
public sealed class ScaleOutTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TwoWorkers_ShareTheQueue_AndAKilledWorkersRunFinishesOnTheOther()
    {
        var database = await postgres.CreateDatabaseAsync();
        var dataDir = LewelHost.NewDataDir();
        var store = new Dictionary<string, string>
        {
            ["Lewel:Store:Provider"] = "postgres",
            ["ConnectionStrings:Lewel"] = postgres.ConnectionString(database),
            ["Lewel:Jobs:StaleAfterSeconds"] = "5",
        };
        WorkerProcess? a = null, b = null;
        try
        {
            await using var studio = await AppProcess.StartAsync(dataDir, new Dictionary<string, string>(store)
            {
                ["Lewel:Workers:Cpu"] = "0",
                ["Lewel:Workers:Gpu"] = "0",
            });
            a = WorkerProcess.Start("worker-a", dataDir, store);
            b = WorkerProcess.Start("worker-b", dataDir, store);
            await WaitForWorkersAsync(studio, w => w.Count(x => x.Status == "live") == 2, "both workers live", a, b);
            var studioWorkers = await WorkersAsync(studio);
            Assert.DoesNotContain(studioWorkers, w => w.Id == Environment.MachineName); // the studio runs no jobs

            await using var hub = new HubConnectionBuilder().WithUrl(new Uri(studio.Client.BaseAddress!, RunsHub.Path.TrimStart('/'))).Build();
            var liveSteps = new ConcurrentBag<(long RunId, int Step)>();
            hub.On<JsonElement>("progress", m => liveSteps.Add((m.GetProperty("runId").GetInt64(), m.GetProperty("step").GetInt32())));
            await hub.StartAsync();
            await hub.InvokeAsync("SubscribeAll");

            // Four short runs: each worker has one slot, so both take some.
            var ids = new List<long>();
            for (var i = 0; i < 4; i++) ids.Add(await LaunchAsync(studio, Configs.Tiny("byol", steps: 4, name: $"spread {i}")));
            var hosts = new List<string>();
            foreach (var id in ids)
            {
                await studio.WaitForRunAsync(id, r => r.GetProperty("status").GetString() == "succeeded", RunTimeout);
                hosts.Add((await GetJsonAsync(studio, $"/api/runs/{id}")).GetProperty("host").GetString()!);
                Assert.Equal([1, 2, 3, 4], await LossStepsAsync(studio, id));
            }
            Assert.Equal(["worker-a", "worker-b"], hosts.Distinct().Order());
            var liveHosts = ids.Zip(hosts).Where(p => liveSteps.Any(l => l.RunId == p.First && l.Step > 0)).Select(p => p.Second).Distinct().Order();
            Assert.Equal(["worker-a", "worker-b"], liveHosts); // live steps reached the studio's hub from both workers
            Assert.False(File.Exists(Path.Combine(dataDir, "lewel.db")), "the store must not fall back to SQLite");
            Assert.False(File.Exists(Path.Combine(dataDir, "jobs.db")), "the job queue must not fall back to SQLite");

            // A longer run, killed with its worker once it has a checkpoint.
            var longRun = await LaunchAsync(studio, Configs.Tiny("byol", steps: 24, name: "survivor", checkpointEverySteps: 2));
            var running = await studio.WaitForRunAsync(longRun, r => r.GetProperty("status").GetString() == "running"
                && r.GetProperty("step").GetInt32() >= 4, RunTimeout);
            var holder = (await GetJsonAsync(studio, $"/api/runs/{longRun}")).GetProperty("host").GetString();
            var (victim, survivor) = holder == a.Name ? (a, b) : (b, a);
            var holding = (await WorkersAsync(studio)).Single(w => w.Id == victim.Name);
            Assert.Contains(longRun, holding.RunningRunIds);
            victim.KillHard();

            await WaitForWorkersAsync(studio, w => w.Any(x => x.Id == victim.Name && x.Status == "lost")
                && w.Any(x => x.Id == survivor.Name && x.Status == "live"), "the killed worker lost, the other live", a, b);
            var page = await GetTextAsync(studio, "/workers");
            Assert.Contains($"data-worker=\"{victim.Name}\"", page);
            Assert.Contains($"data-worker=\"{survivor.Name}\"", page);
            Assert.Contains(">lost<", page.Replace(" ", ""));
            await studio.WaitForRunAsync(longRun, r => r.GetProperty("status").GetString() == "succeeded", RunTimeout);
            var detail = await GetJsonAsync(studio, $"/api/runs/{longRun}");
            Assert.Equal(survivor.Name, detail.GetProperty("host").GetString());
            var statuses = detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
            Assert.True(statuses.Count(s => s == "running") >= 2, "history: " + string.Join(", ", statuses));
            var steps = (await LossStepsAsync(studio, longRun)).ToList();
            Assert.Equal(Enumerable.Range(1, 24), steps); // every step once, none missing, none twice
        }
        finally
        {
            if (a is not null) await a.DisposeAsync();
            if (b is not null) await b.DisposeAsync();
            await postgres.DropDatabaseAsync(database);
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private sealed record WorkerView(string Id, string Status, IReadOnlyList<long> RunningRunIds);

    private static async Task<IReadOnlyList<WorkerView>> WorkersAsync(AppProcess studio)
    {
        var list = await GetJsonAsync(studio, "/api/workers");
        return [.. list.EnumerateArray().Select(w => new WorkerView(w.GetProperty("id").GetString()!, w.GetProperty("status").GetString()!,
            [.. w.GetProperty("runningRunIds").EnumerateArray().Select(r => r.GetInt64())]))];
    }

    // Three hosts and their runs share 2 cores: a request may outlast the client's 10 s, so reads are retried, and a
    // launch is retried with the same idempotency key (a retry then returns the run the first attempt created).
    private static async Task<JsonElement> GetJsonAsync(AppProcess studio, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await studio.GetJsonAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 6)
            {
            }
        }
    }

    private static async Task<IReadOnlyList<int>> LossStepsAsync(AppProcess studio, long runId)
    {
        var series = (await GetJsonAsync(studio, $"/api/runs/{runId}/metrics?names=loss&maxPoints=100000")).GetProperty("series")[0];
        return [.. series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32())];
    }

    private static async Task<string> GetTextAsync(AppProcess studio, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await studio.Client.GetStringAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 6)
            {
            }
        }
    }

    private static async Task<long> LaunchAsync(AppProcess studio, object body)
    {
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = System.Net.Http.Json.JsonContent.Create(body, options: LewelHost.Json) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await studio.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"launch failed: {(int)response.StatusCode} {text}");
                return JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("id").GetInt64();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 6)
            {
            }
        }
    }

    private static async Task WaitForWorkersAsync(AppProcess studio, Func<IReadOnlyList<WorkerView>, bool> condition, string what,
        params WorkerProcess[] workers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        IReadOnlyList<WorkerView> seen = [];
        while (DateTime.UtcNow < deadline)
        {
            seen = await WorkersAsync(studio);
            if (condition(seen)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"waited for {what}; /api/workers: {JsonSerializer.Serialize(seen)}\n" +
            string.Join("\n", workers.Select(w => $"--- {w.Name} (exited: {w.HasExited}):\n{w.Log}")));
    }
}
