using System.Net;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Lewel.Web.Tests.Hosting;

/// <summary>A Kestrel test host never listens on the app's default port 5000, where a developer's app may run.</summary>
[Collection(HostCollection.Name)]
public class TestHostAddressTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AKestrelTestHostListensOnAFreeLoopbackPortWhilePort5000IsTaken()
    {
        using var port5000 = Port5000.Occupy();
        output.WriteLine(port5000.Description);

        await using var host = new LewelHost(cpuWorkers: 0, kestrel: true);
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        output.WriteLine("listening on " + string.Join(", ", addresses));
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.NotEqual(Port5000.Number, new Uri(a).Port));

        var address = host.Client.BaseAddress!;
        Assert.True(address.IsLoopback, address.ToString());
        Assert.NotEqual(Port5000.Number, address.Port);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
