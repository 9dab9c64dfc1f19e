using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Lewel.E2E.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppServerAddressCollection
{
    public const string Name = "app server address";
}

/// <summary>The browser tests' server never listens on the app's default port 5000, where a developer's app may run.
/// Its own collection runs alone, not beside the browser suite's server.</summary>
[Collection(AppServerAddressCollection.Name)]
public sealed class AppServerAddressTests(ITestOutputHelper output)
{
    private const int DefaultPort = 5000;

    [Fact]
    public async Task TheServerListensOnAFreeLoopbackPortWhilePort5000IsTaken()
    {
        // Hold 127.0.0.1:5000 so a server that fell back to it fails; if another process has it, that proves the same.
        using var holder = new TcpListener(IPAddress.Loopback, DefaultPort);
        try
        {
            holder.Start();
            output.WriteLine($"this test holds 127.0.0.1:{DefaultPort}");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            output.WriteLine($"127.0.0.1:{DefaultPort} is already in use by another process; a server that wanted it would fail all the same");
        }

        await using var app = new AppServer();
        output.WriteLine("listening on " + app.BaseUrl);
        var url = new Uri(app.BaseUrl);
        Assert.True(url.IsLoopback, app.BaseUrl);
        Assert.NotEqual(DefaultPort, url.Port);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(app.BaseUrl + "/healthz")).StatusCode);
    }
}
