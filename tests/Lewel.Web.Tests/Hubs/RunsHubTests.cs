using System.Net;
using System.Text.Json;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Hubs;

[Collection(HostCollection.Name)]
public class RunsHubTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;
    private RunNotifier Notifier => Host.Services.GetRequiredService<RunNotifier>();

    /// <summary>Stores one metric batch, then publishes it, as a job's recorder does.</summary>
    private async Task StoreAndPublishAsync(long runId, int step)
    {
        var now = DateTime.UtcNow;
        var batch = new RunBatch(runId);
        batch.Metrics.Add(new MetricSample("loss", step, 0, 4 - step * 0.01, now));
        await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, now);
        await Notifier.PublishAsync(new MetricsAppended(runId, step, 100, [new MetricPointDto("loss", step, 0, 4 - step * 0.01, now)]));
    }

    [Fact]
    public async Task Subscribe_ReturnsTheStateThenStreamsLaterUpdatesWithConsecutiveSequences()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        await StoreAndPublishAsync(id, 1);
        await using var client = await HubClient.ConnectAsync(Host);

        var state = await client.Connection.InvokeAsync<JsonElement>("Subscribe", id);
        Assert.Equal("queued", state.GetProperty("status").GetString());
        Assert.Equal(1, state.GetProperty("latestMetrics").GetProperty("loss").GetProperty("step").GetInt32());
        var stateSequence = state.GetProperty("sequence").GetInt64();

        for (var step = 2; step <= 4; step++) await StoreAndPublishAsync(id, step);
        var sequences = new List<long>();
        for (var step = 2; step <= 4; step++)
        {
            var message = client.WaitFor("metrics", m => m.GetProperty("sequence").GetInt64() > stateSequence);
            Assert.Equal(id, message.GetProperty("runId").GetInt64());
            Assert.Equal(step, message.GetProperty("points")[0].GetProperty("step").GetInt32());
            sequences.Add(message.GetProperty("sequence").GetInt64());
        }
        Assert.Equal([stateSequence + 1, stateSequence + 2, stateSequence + 3], sequences);
    }

    [Fact]
    public async Task Subscribe_ReceivesStatusChangesOfTheRun()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        await using var client = await HubClient.ConnectAsync(Host);
        await client.Connection.InvokeAsync<JsonElement>("Subscribe", id);

        await Host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.OK);

        var status = client.WaitFor("status", m => m.GetProperty("status").GetString() == "cancelled");
        Assert.Equal(id, status.GetProperty("runId").GetInt64());
    }

    [Fact]
    public async Task SubscribeAll_GetsProgressInsteadOfMetricPoints()
    {
        var id = (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
        await using var client = await HubClient.ConnectAsync(Host);
        await client.Connection.InvokeAsync("SubscribeAll");

        await StoreAndPublishAsync(id, 7);

        var progress = client.WaitFor("progress", m => m.GetProperty("runId").GetInt64() == id);
        Assert.Equal((7, 100), (progress.GetProperty("step").GetInt32(), progress.GetProperty("totalSteps").GetInt32()));
        Assert.DoesNotContain(client.All, m => m.Kind == "metrics");
    }

    [Fact]
    public async Task Subscribe_UnknownRun_FailsWithAClearMessage()
    {
        await using var client = await HubClient.ConnectAsync(Host);
        var e = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<JsonElement>("Subscribe", 555555L));
        Assert.Contains("555555", e.Message);
    }
}
