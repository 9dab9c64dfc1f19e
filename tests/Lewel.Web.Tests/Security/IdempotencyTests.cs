using System.Net;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lewel.Web.Tests.Security.SecurityRequests;

namespace Lewel.Web.Tests.Security;

[Collection(HostCollection.Name)]
public class IdempotencyTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private const int Concurrent = 8;
    private LewelHost Host => fixture.Host;

    private static string Body(int steps = 6) => JsonSerializer.Serialize(Configs.Tiny(steps: steps), LewelHost.Json);

    private async Task<(HttpStatusCode Status, string Text)[]> SendConcurrentlyAsync(string url, string key)
    {
        using var start = new ManualResetEventSlim();
        var sends = Enumerable.Range(0, Concurrent).Select(_ => Task.Run(async () =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            var response = await Host.Client.SendAsync(RawJson(url, Body(), key));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToArray();
        start.Set();
        return await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task<IReadOnlyList<Run>> RunsWithKeyAsync(string key) =>
        (await Host.Runs.FindLaunchAsync(key))?.Runs ?? [];

    [Fact]
    public async Task ConcurrentIdenticalLaunches_MakeOneRun_AndAllAnswerWithIt()
    {
        var key = Guid.NewGuid().ToString();
        var answers = await SendConcurrentlyAsync("/api/runs", key);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{a.Status}: {a.Text}"));
        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        var ids = answers.Select(a => JsonDocument.Parse(a.Text).RootElement.GetProperty("run").GetProperty("id").GetInt64()).Distinct();
        var run = Assert.Single(await RunsWithKeyAsync(key));
        Assert.Equal(run.Id, Assert.Single(ids));
    }

    [Fact]
    public async Task ConcurrentIdenticalPairedLaunches_MakeOnePair_AndAllAnswerWithIt()
    {
        var key = Guid.NewGuid().ToString();
        var answers = await SendConcurrentlyAsync("/api/runs/paired", key);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{a.Status}: {a.Text}"));
        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        var pairs = answers.Select(a => string.Join(",", JsonDocument.Parse(a.Text).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetInt64())))
            .Distinct();
        var runs = await RunsWithKeyAsync(key);
        Assert.Equal(2, runs.Count);
        Assert.Equal(string.Join(",", runs.Select(r => r.Id)), Assert.Single(pairs));
        Assert.Single(runs.Select(r => r.PairingKey).Distinct());
    }

    [Fact]
    public async Task AReplayWithAnotherBody_Gets422_AndCreatesNothing()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await Host.Client.SendAsync(RawJson("/api/runs", Body(), key))).StatusCode);
        // Key order and spacing do not make another request.
        var reordered = JsonSerializer.Serialize(Configs.Tiny().Reverse().ToDictionary(), new JsonSerializerOptions(LewelHost.Json) { WriteIndented = true });
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.SendAsync(RawJson("/api/runs", reordered, key))).StatusCode);

        var problem = await ProblemAsync(await Host.Client.SendAsync(RawJson("/api/runs", Body(steps: 7), key)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("already used for another request", problem.GetProperty("detail").GetString());
        await ProblemAsync(await Host.Client.SendAsync(RawJson("/api/runs/paired", Body(), key)), HttpStatusCode.UnprocessableEntity);
        Assert.Single(await RunsWithKeyAsync(key));
    }

    [Fact]
    public async Task AKeyOver200Characters_Gets400()
    {
        var problem = await ProblemAsync(await Host.Client.SendAsync(RawJson("/api/runs", Body(), new string('k', 201))), HttpStatusCode.BadRequest);
        Assert.Contains("at most 200", ErrorsFor(problem, "Idempotency-Key")[0]);
        Assert.Equal(HttpStatusCode.Created, (await Host.Client.SendAsync(RawJson("/api/runs", Body(), new string('k', 200)))).StatusCode);
    }

    [Fact]
    public async Task ALaunchWhoseSecondRunCannotBeStored_StoresNeither()
    {
        var factory = Host.Services.GetRequiredService<IDbContextFactory<Lewel.Data.LewelDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var before = await db.Runs.CountAsync();
        var good = new NewRun("a", RunKind.Pretrain, "byol", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 6);
        var orphan = good with { Name = "b" }; // a parent that does not exist breaks the foreign key
        var key = new LaunchKeyClaim(Guid.NewGuid().ToString(), "hash");
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => Host.Runs.CreateLaunchAsync([good, orphan with { ParentRunId = 999_999 }], key));
        Assert.Equal(before, await db.Runs.CountAsync());
        Assert.Null(await Host.Runs.FindLaunchAsync(key.Key)); // the key is free for a retry
    }

    [Fact]
    public void TheRequestHash_IgnoresKeyOrderAndSpelledNumbers_ButNotValues()
    {
        static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
        var hash = LaunchRequestHash.Of(Parse("""{"steps": 5, "lewel": {"alpha": 0.5, "numHeads": 2}}"""), paired: false);
        Assert.Equal(hash, LaunchRequestHash.Of(Parse("""{"lewel":{"numHeads":2,"alpha":0.50},"steps":5.0}"""), paired: false));
        Assert.NotEqual(hash, LaunchRequestHash.Of(Parse("""{"steps": 6, "lewel": {"alpha": 0.5, "numHeads": 2}}"""), paired: false));
        Assert.NotEqual(hash, LaunchRequestHash.Of(Parse("""{"steps": 5, "lewel": {"alpha": 0.5, "numHeads": 2}}"""), paired: true));
    }
}
