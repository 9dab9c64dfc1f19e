using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lewel.Web.Tests;

public class HealthTests
{
    [Fact]
    public async Task TheAppStartsWithATemporaryDataDirectoryAndCreatesIt()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "lewel-web-" + Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseSetting("Lewel:DataDir", dataDir));
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Directory.Exists(dataDir));
        var page = await client.GetStringAsync("/");
        Assert.Contains("Lewel", page);
    }
}
