using System.Net;
using Lewel.Web.Hubs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lewel.Web.Tests.Security;

/// <summary>The embedded default (loopback, no settings, no users) needs no sign-in: pages, API, hub and launches work
/// as before, and runs record no launcher.</summary>
[Collection(HostCollection.Name)]
public class EmbeddedDefaultTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    [Fact]
    public async Task EverythingWorksWithoutSignIn()
    {
        var host = fixture.Host;
        using var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var launched = await host.PostJsonAsync("/api/runs", Configs.Tiny(name: "no sign-in"), HttpStatusCode.Created);
        var id = launched.GetProperty("run").GetProperty("id").GetInt64();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, launched.GetProperty("run").GetProperty("launchedBy").ValueKind);
        foreach (var page in new[] { "/runs", $"/runs/{id}", "/runs/new", "/compare", "/inspect", "/openapi/v1.json", $"/api/runs/{id}/metrics" })
            Assert.True((await client.GetAsync(page)).StatusCode == HttpStatusCode.OK, page);
        await using var hub = await HubClient.ConnectAsync(host);
        await hub.Connection.InvokeAsync(nameof(RunsHub.SubscribeAll));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
    }
}
