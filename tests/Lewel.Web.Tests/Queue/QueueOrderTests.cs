using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Tests.Postgres;
using Lewel.Web.Jobs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Queue;

/// <summary>Priorities, run next and cancel on a studio whose job servers are stopped (Workers 0): the order the API
/// and the runs page show is the order in which a host with one worker, started afterwards on the same store, takes
/// the runs. With the SQLite queue and with the PostgreSQL one, whose storages pick the next job differently.</summary>
[Collection(HostCollection.Name)]
public sealed class QueueOrderTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SQLite_TheShownOrderIsTheOrderAWorkerTakes() =>
        await ShownOrderIsTakenOrderAsync(LewelHost.NewDataDir(), new Dictionary<string, string>());

    [Fact]
    public async Task Postgres_TheShownOrderIsTheOrderAWorkerTakes()
    {
        var database = await postgres.CreateDatabaseAsync();
        try
        {
            await ShownOrderIsTakenOrderAsync(LewelHost.NewDataDir(), new Dictionary<string, string>
            {
                ["Lewel:Store:Provider"] = "postgres",
                ["ConnectionStrings:Lewel"] = postgres.ConnectionString(database),
            });
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    private static async Task ShownOrderIsTakenOrderAsync(string dataDir, Dictionary<string, string> store)
    {
        try
        {
            long a, b, c, d, e;
            await using (var studio = new LewelHost(cpuWorkers: 0, dataDir: dataDir, settings: store))
            {
                a = await LaunchAsync(studio, "a", null);
                b = await LaunchAsync(studio, "b", "low");
                c = await LaunchAsync(studio, "c", "normal");
                d = await LaunchAsync(studio, "d", "HIGH");
                e = await LaunchAsync(studio, "e", null);
                Assert.Equal([d, a, c, e, b], await ShownOrderAsync(studio));

                var lowered = await SendAsync(studio, HttpMethod.Patch, $"/api/runs/{c}/queue", new { priority = "low" }, HttpStatusCode.OK);
                Assert.Equal("low", lowered.GetProperty("priority").GetString());
                Assert.Equal([d, a, e, b, c], await ShownOrderAsync(studio)); // behind the runs already waiting at low

                await SendAsync(studio, HttpMethod.Post, $"/api/runs/{e}/run-next", null, HttpStatusCode.OK);
                Assert.Equal([e, d, a, b, c], await ShownOrderAsync(studio)); // ahead of d, which was high already

                await studio.PostJsonAsync($"/api/runs/{a}/cancel", new { }, HttpStatusCode.OK);
                var shown = await studio.GetJsonAsync("/api/queue");
                Assert.Equal([e, d, b, c], shown.EnumerateArray().Select(q => q.GetProperty("runId").GetInt64()));
                Assert.Equal([1, 2, 3, 4], shown.EnumerateArray().Select(q => q.GetProperty("position").GetInt32()));
                Assert.Equal(["high", "high", "low", "low"], shown.EnumerateArray().Select(q => q.GetProperty("priority").GetString()));
                Assert.All(shown.EnumerateArray(), q => Assert.Equal("cpu", q.GetProperty("queue").GetString()));

                await using var page = new RunsPageRendering(studio);
                page.WaitFor(() =>
                {
                    Assert.Equal("1", page.PositionShownFor(e));
                    Assert.Equal("4", page.PositionShownFor(c));
                    Assert.Null(page.PositionShownFor(a)); // cancelled: no longer waits
                });
            }

            await using var worker = new LewelHost(cpuWorkers: 1, dataDir: dataDir, settings: store);
            var finished = new List<Run>();
            foreach (var id in new[] { e, d, b, c }) finished.Add(await worker.WaitForStatusAsync(id, RunStatus.Succeeded, RunTimeout));
            Assert.Equal([e, d, b, c], finished.OrderBy(r => r.StartedAt).Select(r => r.Id));
            var cancelled = await worker.Runs.GetAsync(a, withHistory: true);
            Assert.Equal(RunStatus.Cancelled, cancelled.Status);
            Assert.Null(cancelled.StartedAt);
            Assert.DoesNotContain(cancelled.History, h => h.Status == RunStatus.Running);
            Assert.Equal("Deleted", worker.Services.GetRequiredService<RunJobQueue>().StateOf(cancelled.JobId!));
            Assert.Empty((await worker.GetJsonAsync("/api/queue")).EnumerateArray());
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private static async Task<long> LaunchAsync(LewelHost host, string name, string? priority)
    {
        var body = Configs.Tiny("byol", steps: 2, name: name);
        if (priority is not null) body["priority"] = priority;
        return (await host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
    }

    private static async Task<long[]> ShownOrderAsync(LewelHost host) =>
        [.. (await host.GetJsonAsync("/api/queue")).EnumerateArray().Select(q => q.GetProperty("runId").GetInt64())];

    private static async Task<JsonElement> SendAsync(LewelHost host, HttpMethod method, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body, options: LewelHost.Json);
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
