using System.Net;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Apis;

[Collection(HostCollection.Name)]
public class OpenApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    [Fact]
    public async Task OpenApiDocument_DescribesTheRunEndpoints()
    {
        var document = await fixture.Host.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/runs", "/api/runs/paired", "/api/runs/{id}", "/api/runs/{id}/cancel", "/api/runs/{id}/resume",
                     "/api/runs/{id}/metrics", "/api/runs/{id}/evaluations", "/api/runs/{id}/maps", "/api/runs/{id}/checkpoints",
                     "/api/runs/{id}/checkpoints/{name}", "/api/runs/{id}/evaluate" })
            Assert.Contains(expected, paths);
        var index = await fixture.Host.Client.GetStringAsync("/openapi");
        Assert.Contains("href=\"/openapi/v1.json\"", index);
    }

    [Fact]
    public async Task HangfireDashboard_RefusesNonLocalRequests()
    {
        // TestServer requests carry no local address, so the local-only filter refuses them (Kestrel on 127.0.0.1 gets 200).
        var response = await fixture.Host.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HangfireDashboard_ServesLocalRequests()
    {
        await using var host = new LewelHost(cpuWorkers: 0, kestrel: true);
        Assert.True(host.Client.BaseAddress!.IsLoopback, host.Client.BaseAddress.ToString());
        var response = await host.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Lewel jobs", await response.Content.ReadAsStringAsync());
    }
}
