using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Queue;

/// <summary>Bad queue requests get specific answers: 400 naming the field, 404 for no such run, 409 for a run that no
/// longer waits. A studio without job servers keeps its runs queued.</summary>
[Collection(HostCollection.Name)]
public sealed class QueueApiErrorTests : IAsyncLifetime
{
    private LewelHost host = null!;

    public Task InitializeAsync()
    {
        host = new LewelHost(cpuWorkers: 0);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("{\"priority\": \"urgent\"}", "priority", "must be one of: high, normal, low")]
    [InlineData("{\"priority\": 0}", "priority", "must be one of: high, normal, low")]
    [InlineData("{}", "priority", "is required; must be one of: high, normal, low")]
    [InlineData("{\"priority\": \"high\", \"worker\": \"a\"}", "worker", "is not a queue setting; only priority can be changed")]
    public async Task ABadPriorityChange_IsAValidationProblemNamingTheField(string body, string field, string message)
    {
        var id = await LaunchAsync(null);
        var problem = await SendAsync(HttpMethod.Patch, $"/api/runs/{id}/queue", body, HttpStatusCode.BadRequest);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task ABadLaunchPriority_IsAValidationProblem()
    {
        var body = Configs.Tiny("byol", steps: 2);
        body["priority"] = "7";
        var problem = await host.PostJsonAsync("/api/runs", body, HttpStatusCode.BadRequest);
        Assert.Equal("must be one of: high, normal, low", problem.GetProperty("errors").GetProperty("priority")[0].GetString());
    }

    [Fact]
    public async Task ARunThatNoLongerWaits_IsAConflict_AndAnUnknownOneNotFound()
    {
        var id = await LaunchAsync("low");
        await host.PostJsonAsync($"/api/runs/{id}/cancel", new { }, HttpStatusCode.OK);
        var conflict = await SendAsync(HttpMethod.Patch, $"/api/runs/{id}/queue", "{\"priority\": \"high\"}", HttpStatusCode.Conflict);
        Assert.Contains("is cancelled", conflict.GetProperty("detail").GetString());
        await SendAsync(HttpMethod.Post, $"/api/runs/{id}/run-next", null, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, "/api/runs/999999/run-next", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Patch, "/api/runs/999999/queue", "{\"priority\": \"low\"}", HttpStatusCode.NotFound);
        Assert.Equal(RunPriority.Low, (await host.Runs.GetAsync(id)).Priority); // refused changes change nothing
    }

    private async Task<long> LaunchAsync(string? priority)
    {
        var body = Configs.Tiny("byol", steps: 2);
        if (priority is not null) body["priority"] = priority;
        return (await host.PostJsonAsync("/api/runs", body, HttpStatusCode.Created)).GetProperty("run").GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string url, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
