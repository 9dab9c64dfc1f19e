using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lewel.Web.Runs;
using Lewel.Web.Runs.Health;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lewel.Web.Tests.Runs;

public class HealthWebhookTests
{
    private static MetricsAppended Batch(long runId, int step, params (string Name, double Value)[] values) =>
        new(runId, step, 1000, [.. values.Select(v => new MetricPointDto(v.Name, step, 0, v.Value, DateTime.UtcNow))]);

    [Fact]
    public async Task FiredRule_IsPostedToTheWebhookOnceWithItsName()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        await using var services = await StoreServices.CreateAsync();
        var run = await services.CreateRunAsync();
        using var http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var webhook = new HealthWebhook(services.Notifier, http.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new HealthWebhookOptions { WebhookUrl = $"http://127.0.0.1:{port}/hook/" }), NullLogger<HealthWebhook>.Instance);
        await webhook.StartAsync(CancellationToken.None);

        await services.Notifier.PublishAsync(Batch(run.Id, 10, (MetricNames.EmbeddingStd, 0.1), (MetricNames.CollapseWarning, 0)));
        await services.Notifier.PublishAsync(Batch(run.Id, 20, (MetricNames.EmbeddingStd, 0.001), (MetricNames.ExpectedStd, 0.125),
            (MetricNames.CollapseWarning, 1)));
        await services.Notifier.PublishAsync(Batch(run.Id, 30, (MetricNames.CollapseWarning, 1)));

        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(15));
        using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
        context.Response.StatusCode = 204;
        context.Response.Close();
        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal(HealthRules.EmbeddingCollapse, body.RootElement.GetProperty("rule").GetString());
        Assert.Equal(run.Id, body.RootElement.GetProperty("runId").GetInt64());
        Assert.Equal(20, body.RootElement.GetProperty("step").GetInt32());
        Assert.Contains("0.001", body.RootElement.GetProperty("message").GetString());

        // The rule still holds at step 30, but it was posted already.
        var second = listener.GetContextAsync();
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(700)));
        await webhook.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Rules_UniformMaps_FireOnlyAfterAQuarterOfTheRun()
    {
        var early = new Dictionary<string, (double, int)> { [MetricNames.MapEntropyRatio] = (0.9995, 100) };
        var late = new Dictionary<string, (double, int)> { [MetricNames.MapEntropyRatio] = (0.9995, 300) };
        var learning = new Dictionary<string, (double, int)> { [MetricNames.MapEntropyRatio] = (0.95, 300) };
        Assert.Empty(HealthRules.Evaluate(early, 1000));
        Assert.Equal(HealthRules.UniformMaps, Assert.Single(HealthRules.Evaluate(late, 1000)).Rule);
        Assert.Empty(HealthRules.Evaluate(learning, 1000));
    }

    [Fact]
    public void Options_ABadUrl_IsNamedBySetting()
    {
        Assert.Null(new HealthWebhookOptions().Problem);
        Assert.Contains("Lewel:Health:WebhookUrl", new HealthWebhookOptions { WebhookUrl = "ftp://x" }.Problem);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
