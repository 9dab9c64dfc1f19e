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
            Options.Create(new HealthWebhookOptions { WebhookUrl = $"http://127.0.0.1:{port}/hook/" }), services.Runs, services.Directory,
            NullLogger<HealthWebhook>.Instance);
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
    public async Task ARunsOwnWebhook_GetsItsFiredRuleBesidesTheGlobalOne_AndARunWithoutOneOnlyTheGlobal()
    {
        var (globalPort, ownPort) = (FreePort(), FreePort());
        using var global = new HttpListener();
        global.Prefixes.Add($"http://127.0.0.1:{globalPort}/global/");
        global.Start();
        using var own = new HttpListener();
        own.Prefixes.Add($"http://127.0.0.1:{ownPort}/own/");
        own.Start();
        await using var services = await StoreServices.CreateAsync();
        var watched = await services.CreateRunAsync();
        var other = await services.CreateRunAsync();
        await RunHealthWebhook.SaveAsync(services.Directory, watched.Id, $"http://127.0.0.1:{ownPort}/own/");
        using var http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var webhook = new HealthWebhook(services.Notifier, http.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new HealthWebhookOptions { WebhookUrl = $"http://127.0.0.1:{globalPort}/global/" }), services.Runs, services.Directory,
            NullLogger<HealthWebhook>.Instance);
        await webhook.StartAsync(CancellationToken.None);
        var globalCalls = Answer(global, 2);
        var ownCalls = Answer(own, 2);

        await services.Notifier.PublishAsync(Batch(watched.Id, 300, (MetricNames.MapEntropyRatio, 0.9999)));
        await services.Notifier.PublishAsync(Batch(other.Id, 400, (MetricNames.MapEntropyRatio, 0.9999)));

        var received = await ownCalls.Take(1).Single().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(watched.Id, received.GetProperty("runId").GetInt64());
        Assert.Equal(watched.Name, received.GetProperty("name").GetString());
        Assert.Equal(HealthRules.UniformMaps, received.GetProperty("rule").GetString());
        Assert.Equal(300, received.GetProperty("step").GetInt32());
        Assert.Contains("uniform", received.GetProperty("message").GetString());
        var both = await Task.WhenAll(globalCalls).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal([watched.Id, other.Id], both.Select(b => b.GetProperty("runId").GetInt64()).Order());
        // The other run has no webhook of its own: its rule reached only the global one.
        Assert.NotSame(ownCalls[1], await Task.WhenAny(ownCalls[1], Task.Delay(700)));
        await webhook.StopAsync(CancellationToken.None);
    }

    /// <summary>The bodies of the next <paramref name="count"/> POSTs, each answered 204.</summary>
    private static List<Task<JsonElement>> Answer(HttpListener listener, int count)
    {
        var calls = new List<Task<JsonElement>>();
        var previous = Task.CompletedTask;
        for (var i = 0; i < count; i++)
        {
            var before = previous;
            var call = Task.Run(async () =>
            {
                await before;
                var context = await listener.GetContextAsync();
                using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
                context.Response.StatusCode = context.Request.HttpMethod == "POST" ? 204 : 405;
                context.Response.Close();
                return body.RootElement.Clone();
            });
            calls.Add(call);
            previous = call;
        }
        return calls;
    }

    [Theory]
    [InlineData("https://hooks.example.org/lewel", null)]
    [InlineData("  http://127.0.0.1:9/x  ", null)]
    [InlineData("ftp://hooks.example.org/x", "absolute http or https URL")]
    [InlineData("/relative/hook", "absolute http or https URL")]
    [InlineData("not a url", "absolute http or https URL")]
    public void LaunchField_IsAnAbsoluteHttpUrl_OrAnErrorNamingIt(string url, string? problem)
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["method"] = "byol", [RunHealthWebhook.Field] = url });
        var request = LaunchRequest.Parse(body, out var errors);
        if (problem is null)
        {
            Assert.Empty(errors);
            Assert.Equal(url.Trim(), request.HealthWebhookUrl);
            Assert.False(request.Config.TryGetProperty(RunHealthWebhook.Field, out _)); // not a configuration field
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(RunHealthWebhook.Field, error.Path);
            Assert.Contains(problem, error.Message);
        }
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
