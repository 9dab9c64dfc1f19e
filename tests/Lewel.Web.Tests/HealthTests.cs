using System.Net;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests;

[Collection(HostCollection.Name)]
public class HealthTests
{
    [Fact]
    public async Task TheAppStartsWithATemporaryDataDirectoryAndCreatesIt()
    {
        await using var host = new LewelHost();
        var response = await host.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Directory.Exists(host.DataDir));
        Assert.True(File.Exists(Path.Combine(host.DataDir, "lewel.db")));
        Assert.True(File.Exists(Path.Combine(host.DataDir, "jobs.db")));
        var page = await host.Client.GetStringAsync("/");
        Assert.Contains("Lewel", page);
    }
}
