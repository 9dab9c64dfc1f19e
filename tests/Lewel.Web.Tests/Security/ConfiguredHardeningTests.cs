using System.Net;
using Lewel.Web.Security;
using Lewel.Web.Tests.TestSupport;
using static Lewel.Web.Tests.Security.SecurityRequests;

namespace Lewel.Web.Tests.Security;

/// <summary>A studio exposed under a name of its own, behind a proxy with another public origin, with a small launch
/// limit.</summary>
public sealed class ConfiguredHardeningFixture : IAsyncLifetime
{
    public const int Launches = 3;
    public LewelHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new LewelHost(cpuWorkers: 0, settings: new Dictionary<string, string>
        {
            ["AllowedHosts"] = "studio.example",
            [OriginCheck.TrustedOriginsSetting] = "https://proxy.example",
            ["Lewel:RateLimits:Launch:PermitLimit"] = Launches.ToString(),
            ["Lewel:RateLimits:Launch:WindowSeconds"] = "600",
            ["Lewel:Jobs:SweepIntervalSeconds"] = "3600",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[Collection(HostCollection.Name)]
public class ConfiguredHardeningTests(ConfiguredHardeningFixture fixture) : IClassFixture<ConfiguredHardeningFixture>
{
    private LewelHost Host => fixture.Host;

    [Fact]
    public async Task AConfiguredHost_IsAllowedBesidesTheLoopbackNames()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("http://studio.example/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("http://localhost/api/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Client.GetAsync("http://evil.example/api/runs")).StatusCode);
    }

    [Fact]
    public async Task ATrustedOrigin_Passes()
    {
        var response = await Host.Client.SendAsync(Json(HttpMethod.Post, "/hubs/runs/negotiate?negotiateVersion=1", null, "https://proxy.example"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheLaunchAfterTheLimit_Gets429WithRetryAfter()
    {
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= ConfiguredHardeningFixture.Launches && refused is null; i++)
        {
            var response = await Host.Client.SendAsync(Json(HttpMethod.Post, "/api/runs", Configs.Tiny()));
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        Assert.NotNull(refused);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 600);
        var problem = await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains($"At most {ConfiguredHardeningFixture.Launches} launches", problem.GetProperty("detail").GetString());
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public void TheInspectLimiter_RefusesTheInspectionAfterItsLimit()
    {
        using var limiter = new InspectRateLimiter(new RateLimits { Inspect = new RateLimitRule { PermitLimit = 2, WindowSeconds = 60 } });
        Assert.True(limiter.TryAcquire(out _));
        Assert.True(limiter.TryAcquire(out _));
        Assert.False(limiter.TryAcquire(out var refusal));
        Assert.Contains("At most 2 inspections per 60 s", refusal);
        using var off = new InspectRateLimiter(new RateLimits { Inspect = new RateLimitRule { PermitLimit = 0 } });
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(off.TryAcquire(out _), $"inspection {i}"));
    }
}
