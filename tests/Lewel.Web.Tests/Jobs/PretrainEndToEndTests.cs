using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Web.Jobs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Jobs;

/// <summary>Real (tiny) LEWEL training through the whole path: API → job queue → engine → store, run directory,
/// notifier and hub.</summary>
[Collection(HostCollection.Name)]
public class PretrainEndToEndTests(WorkingHostFixture fixture) : IClassFixture<WorkingHostFixture>
{
    private LewelHost Host => fixture.Host;

    [Fact]
    public async Task TinyLewelRun_GoesFromQueuedToSucceededWithMetricsSnapshotsCheckpointsAndSummary()
    {
        await using var hub = await HubClient.ConnectAsync(Host);
        await hub.Connection.InvokeAsync("SubscribeAll");
        await using var runClient = await HubClient.ConnectAsync(Host);
        var body = Configs.Tiny("lewel-b", steps: 6);
        body["dataset"] = "shapes:size=16,n=40,seed=3,test=16"; // 40 training images: an epoch ends at step 5 of 6
        ((Dictionary<string, object>)body["monitor"]!)["knnEveryEpochs"] = 1;
        var detail = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created);
        var id = detail.GetProperty("run").GetProperty("id").GetInt64();
        var state = await runClient.Connection.InvokeAsync<JsonElement>("Subscribe", id);

        var run = await Host.WaitForStatusAsync(id, RunStatus.Succeeded, TimeSpan.FromMinutes(2));

        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Succeeded], run.History.Select(h => h.Status));
        Assert.Equal((6, 6), (run.Step, run.TotalSteps));
        Assert.NotNull(run.StartedAt);
        Assert.NotNull(run.FinishedAt);

        var metrics = await Host.GetJsonAsync($"/api/runs/{id}/metrics?names=loss,lossGlobal,lossAligned,learningRate,momentum");
        foreach (var series in metrics.GetProperty("series").EnumerateArray())
        {
            var steps = series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt32()).ToArray();
            Assert.True(steps.SequenceEqual([1, 2, 3, 4, 5, 6]), $"{series.GetProperty("name")}: {string.Join(",", steps)}");
        }
        var loss = metrics.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "loss")
            .GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
        Assert.All(loss, v => Assert.True(double.IsFinite(v) && v > 0, $"loss {v}"));

        var knn = (await Host.GetJsonAsync($"/api/runs/{id}/evaluations")).EnumerateArray().Where(e => e.GetProperty("protocol").GetString() == "knn").ToArray();
        Assert.NotEmpty(knn);
        Assert.Contains(knn, e => e.GetProperty("step").GetInt32() == 5);
        Assert.NotEmpty(knn[0].GetProperty("values").EnumerateObject());

        var maps = (await Host.GetJsonAsync($"/api/runs/{id}/maps")).EnumerateArray().ToArray();
        Assert.NotEmpty(maps);
        Assert.All(maps, m => Assert.Equal(2, m.GetProperty("numHeads").GetInt32()));
        Assert.Equal([0, 1], maps.Select(m => m.GetProperty("probeIndex").GetInt32()).Distinct().Order());
        var png = await Host.Client.GetAsync(maps[0].GetProperty("headPngUrls")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.True((await png.Content.ReadAsByteArrayAsync()).AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));

        var checkpoints = (await Host.GetJsonAsync($"/api/runs/{id}/checkpoints")).EnumerateArray().ToArray();
        Assert.NotEmpty(checkpoints);
        Assert.Equal(6, checkpoints.Max(c => c.GetProperty("step").GetInt32()));
        var download = await Host.Client.GetAsync(checkpoints[^1].GetProperty("url").GetString());
        Assert.Equal(checkpoints[^1].GetProperty("bytes").GetInt64(), (await download.Content.ReadAsByteArrayAsync()).LongLength);

        var runDir = Host.Directory.RunDirectory(id);
        foreach (var file in new[] { "config.json", "metrics.jsonl", "summary.json" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), $"{file} missing in {runDir}");
        var summary = await Host.Client.GetAsync($"/files/runs/{id}/summary.json");
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        JsonDocument.Parse(await summary.Content.ReadAsStringAsync());

        var status = hub.WaitFor("status", m => m.GetProperty("runId").GetInt64() == id && m.GetProperty("status").GetString() == "succeeded");
        Assert.True(status.GetProperty("sequence").GetInt64() > 1);
        Assert.Contains(hub.All, m => m.Kind == "snapshot" && m.Message.GetProperty("runId").GetInt64() == id);
        Assert.Contains(hub.All, m => m.Kind == "progress" && m.Message.GetProperty("runId").GetInt64() == id);

        // A checkpoint of the run measured by an evaluation run.
        var child = await Host.PostJsonAsync($"/api/runs/{id}/evaluate", new { protocol = "knn" }, HttpStatusCode.Created);
        var evaluated = await Host.WaitForStatusAsync(child.GetProperty("id").GetInt64(), RunStatus.Succeeded, TimeSpan.FromMinutes(2));
        Assert.Equal(id, evaluated.ParentRunId);
        var result = Assert.Single((await Host.GetJsonAsync($"/api/runs/{evaluated.Id}/evaluations")).EnumerateArray());
        Assert.Equal(("knn", 6), (result.GetProperty("protocol").GetString(), result.GetProperty("step").GetInt32()));
        Assert.InRange(result.GetProperty("values").EnumerateObject().First().Value.GetDouble(), 0, 100);

        // The run's own subscriber: after its state, every update once and in order, up to the final status.
        runClient.WaitFor("status", m => m.GetProperty("status").GetString() == "succeeded");
        var live = runClient.All.Select(m => m.Message.GetProperty("sequence").GetInt64())
            .Where(s => s > state.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range((int)state.GetProperty("sequence").GetInt64() + 1, live.Length).Select(i => (long)i), live);
        var streamedLoss = runClient.All.Where(m => m.Kind == "metrics").SelectMany(m => m.Message.GetProperty("points").EnumerateArray())
            .Where(p => p.GetProperty("name").GetString() == "loss").Select(p => p.GetProperty("step").GetInt32());
        var known = state.GetProperty("latestMetrics").TryGetProperty("loss", out var l) ? l.GetProperty("step").GetInt32() : 0;
        Assert.Equal(Enumerable.Range(known + 1, 6 - known), streamedLoss);
    }
}
