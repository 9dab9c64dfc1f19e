using System.Net;
using Lewel.Web.Security;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

[Collection(HostCollection.Name)]
public class HostAllowListTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    [Theory]
    [InlineData("GET", "http://evil.example/api/runs")]
    [InlineData("GET", "http://evil.example/hangfire")]
    [InlineData("POST", "http://evil.example/hubs/runs/negotiate?negotiateVersion=1")]
    [InlineData("GET", "http://evil.example/")]
    [InlineData("GET", "http://localhost.evil.example/api/runs")]
    public async Task AForeignHostHeader_Gets400OnEveryRoute(string method, string url)
    {
        var response = await Host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost/api/runs")]
    [InlineData("http://127.0.0.1/api/runs")]
    [InlineData("http://[::1]:5000/api/runs")]
    public async Task TheLoopbackNames_AreAllowed(string url)
    {
        var response = await Host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void ConfiguredHosts_AddToTheLoopbackNames_AndAStarTurnsTheCheckOff()
    {
        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], HostAllowList.Hosts(null));
        Assert.Equal(["localhost", "127.0.0.1", "[::1]", "studio.example.com", "*.lab.example"],
            HostAllowList.Hosts(" studio.example.com ;*.lab.example;localhost"));
        Assert.Equal(["*"], HostAllowList.Hosts("studio.example.com;*"));
    }
}
