using System.Net;
using System.Text;
using Lewel.Data.Entities;
using Lewel.Web.Tests.TestSupport;
using static Lewel.Web.Tests.Security.SecurityRequests;

namespace Lewel.Web.Tests.Security;

[Collection(HostCollection.Name)]
public class OriginCheckTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    private async Task<long> QueuedRunAsync() =>
        (await Host.PostJsonAsync("/api/runs", Configs.Tiny(), HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();

    [Fact]
    public async Task AFormPostFromAForeignOrigin_DoesNotCancelTheRun()
    {
        var id = await QueuedRunAsync();
        // What a hostile page's auto-submitting <form method="post"> sends.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel")
        {
            Content = new StringContent("x=1", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Origin", ForeignOrigin);
        var problem = await ProblemAsync(await Host.Client.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Contains(ForeignOrigin, problem.GetProperty("detail").GetString());
        Assert.Equal(RunStatus.Queued, (await Host.Runs.GetAsync(id)).Status);
    }

    [Theory]
    [InlineData(ForeignOrigin, null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:3000", null)]
    [InlineData(null, "http://evil.example/page.html")]
    public async Task ForeignOriginsOrReferers_AreRefusedOnLaunchCancelAndDelete(string? origin, string? referer)
    {
        var id = await QueuedRunAsync();
        var before = (await Host.Runs.ListAsync(new Lewel.Data.Stores.RunFilter())).Total;
        await ProblemAsync(await Host.Client.SendAsync(Json(HttpMethod.Post, "/api/runs", Configs.Tiny(), origin, referer)), HttpStatusCode.Forbidden);
        await ProblemAsync(await Host.Client.SendAsync(Json(HttpMethod.Post, $"/api/runs/{id}/cancel", null, origin, referer)), HttpStatusCode.Forbidden);
        await ProblemAsync(await Host.Client.SendAsync(Json(HttpMethod.Delete, $"/api/runs/{id}", null, origin, referer)), HttpStatusCode.Forbidden);
        Assert.Equal(before, (await Host.Runs.ListAsync(new Lewel.Data.Stores.RunFilter())).Total);
        Assert.Equal(RunStatus.Queued, (await Host.Runs.GetAsync(id)).Status);
    }

    [Theory]
    [InlineData("http://localhost", null)]
    [InlineData(null, "http://localhost/runs/new")]
    [InlineData(null, null)]
    public async Task SameOriginAndNoOrigin_Pass(string? origin, string? referer)
    {
        var launched = await Host.Client.SendAsync(Json(HttpMethod.Post, "/api/runs", Configs.Tiny(), origin, referer));
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var id = await QueuedRunAsync();
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(Json(HttpMethod.Post, $"/api/runs/{id}/cancel", null, origin, referer))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Host.Client.SendAsync(Json(HttpMethod.Delete, $"/api/runs/{id}", null, origin, referer))).StatusCode);
    }

    [Theory]
    [InlineData("/hubs/runs/negotiate?negotiateVersion=1")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task Negotiate_IsRefusedFromAForeignOrigin_AndWorksFromTheStudio(string url)
    {
        await ProblemAsync(await Host.Client.SendAsync(Json(HttpMethod.Post, url, null, ForeignOrigin)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(Json(HttpMethod.Post, url, null, "http://localhost"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(Json(HttpMethod.Post, url, null))).StatusCode);
    }

    [Fact]
    public async Task AWebSocketToTheHub_IsRefusedFromAForeignOrigin_AndAcceptedFromTheStudio()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var foreign = Host.Factory.Server.CreateWebSocketClient();
        foreign.ConfigureRequest = r => r.Headers.Origin = ForeignOrigin;
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => foreign.ConnectAsync(new Uri("ws://localhost/hubs/runs"), timeout.Token));
        Assert.Contains("403", refused.Message);

        var own = Host.Factory.Server.CreateWebSocketClient();
        own.ConfigureRequest = r => r.Headers.Origin = "http://localhost";
        using var socket = await own.ConnectAsync(new Uri("ws://localhost/hubs/runs"), timeout.Token);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
        socket.Abort();
    }
}
