using System.Net;
using Lewel.Data;
using Lewel.Web.Runs.Health;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Apis;

/// <summary>The launch API's <c>healthWebhookUrl</c>: refused with a problem naming the field unless it is an absolute
/// http(s) URL, and kept with every run the launch creates.</summary>
[Collection(HostCollection.Name)]
public class HealthWebhookLaunchTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    [Theory]
    [InlineData("ftp://hooks.example.org/x")]
    [InlineData("hooks.example.org/x")]
    [InlineData(42)]
    public async Task Launch_WithABadWebhook_Is400NamingTheField(object url)
    {
        var body = Configs.Tiny("byol");
        body[RunHealthWebhook.Field] = url;
        var problem = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.BadRequest);
        Assert.Contains("http or https URL", problem.GetProperty("errors").GetProperty(RunHealthWebhook.Field)[0].GetString());
    }

    [Fact]
    public async Task PairedLaunch_KeepsTheWebhookWithBothRuns()
    {
        var body = Configs.Tiny("byol");
        body[RunHealthWebhook.Field] = "https://hooks.example.org/lewel/42";
        body["paired"] = true;
        var created = await Host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created);
        var directory = Host.Services.GetRequiredService<DataDirectory>();
        var ids = created.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
            Assert.Equal("https://hooks.example.org/lewel/42", await RunHealthWebhook.FindAsync(directory, id));
    }
}
