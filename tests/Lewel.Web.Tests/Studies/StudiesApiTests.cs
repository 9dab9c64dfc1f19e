using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Web.Runs;
using Lewel.Web.Studies;
using Lewel.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Studies;

[Collection(HostCollection.Name)]
public class StudiesApiTests(QueueOnlyHostFixture fixture) : IClassFixture<QueueOnlyHostFixture>
{
    private LewelHost Host => fixture.Host;

    /// <summary>The tiny run configuration without the fields a study sets per run.</summary>
    private static Dictionary<string, object?> SharedConfig()
    {
        var config = Configs.Tiny(steps: 2);
        foreach (var field in new[] { "method", "seed", "name" }) config.Remove(field);
        return config;
    }

    private async Task<JsonElement> LaunchAsync(object body) => await Host.PostJsonAsync("/api/studies", body, HttpStatusCode.Created);

    [Fact]
    public async Task Post_LaunchesTwoRunsPerSeed_IdenticalButForMethodAndSeed()
    {
        var created = await LaunchAsync(new { pair = "byol", seeds = 3, config = SharedConfig(), evaluations = new[] { "knn" } });
        var study = created.GetProperty("study");
        Assert.Equal(("byol", "lewel-b"), (study.GetProperty("baseline").GetString(), study.GetProperty("lewel").GetString()));
        Assert.Equal("2 steps", study.GetProperty("budget").GetString());
        Assert.Equal([1L, 2L, 3L], study.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        var runIds = study.GetProperty("runIds").EnumerateArray().Select(r => r.GetInt64()).ToList();
        Assert.Equal(6, runIds.Count);

        var configs = new List<RunConfig>();
        foreach (var id in runIds) configs.Add(RunConfig.FromJson((await Host.Runs.GetAsync(id)).ConfigJson));
        Assert.Equal([("byol", 1L), ("lewel-b", 1L), ("byol", 2L), ("lewel-b", 2L), ("byol", 3L), ("lewel-b", 3L)],
            configs.Select(c => (c.Method, c.Seed)));
        var shared = configs.Select(c => (c with { Method = "", Seed = 0, Name = "" }).ToJson()).Distinct().ToList();
        Assert.Single(shared);
        Assert.All(runIds, id => Assert.Equal(RunStatus.Queued, Host.Runs.GetAsync(id).Result.Status));

        var listed = (await Host.GetJsonAsync("/api/studies")).EnumerateArray().ToList();
        Assert.Contains(listed, s => s.GetProperty("id").GetInt64() == study.GetProperty("id").GetInt64());
        var detail = await Host.GetJsonAsync($"/api/studies/{study.GetProperty("id").GetInt64()}");
        Assert.Equal(6, detail.GetProperty("runs").GetArrayLength());
        Assert.Equal("queued", detail.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.Equal(0, detail.GetProperty("table").GetArrayLength());
    }

    [Fact]
    public async Task Post_InvalidStudy_Returns400NamingEachField_AndLaunchesNothing()
    {
        var before = (await Host.Runs.ListAsync(new RunFilter { Take = 1 })).Total;
        var config = SharedConfig();
        config["method"] = "byol";
        var problem = await Host.PostJsonAsync("/api/studies", new { pair = "simclr", seeds = 0, config }, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("is not a pair", errors.GetProperty("pair")[0].GetString());
        Assert.Contains("1..", errors.GetProperty("seeds")[0].GetString());
        Assert.Contains("set by the pair", errors.GetProperty("config.method")[0].GetString());

        var bad = SharedConfig();
        bad["batchSize"] = 0;
        var configErrors = (await Host.PostJsonAsync("/api/studies", new { pair = "byol", seeds = 2, config = bad }, HttpStatusCode.BadRequest))
            .GetProperty("errors");
        Assert.True(configErrors.TryGetProperty("config.batchSize", out _), configErrors.ToString());
        Assert.Equal(before, (await Host.Runs.ListAsync(new RunFilter { Take = 1 })).Total);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Client.GetAsync("/api/studies/999999")).StatusCode);
    }

    [Fact]
    public async Task FinishedRuns_GetThePlannedEvaluationsOnce_AndTheirStoredResultsMakeTheTable()
    {
        var created = await LaunchAsync(new { pair = "byol", seedList = new[] { 4, 7 }, config = SharedConfig(), evaluations = new[] { "knn", "localization" }, knnK = 5 });
        var studyId = created.GetProperty("study").GetProperty("id").GetInt64();
        var service = Host.Services.GetRequiredService<StudyService>();
        var studies = Host.Services.GetRequiredService<StudyStore>();
        var study = (await studies.FindAsync(studyId))!;
        foreach (var link in study.Runs)
        {
            await Finish(link.RunId);
            var batch = new RunBatch(link.RunId);
            batch.Checkpoints.Add(new CheckpointRecord(link.RunId, $"runs/{link.RunId}/checkpoints/step0000002.ckpt", 2, 1000, DateTime.UtcNow));
            await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        }
        await service.AdvanceAsync(study);
        await service.AdvanceAsync(study); // nothing more: each planned evaluation exists once

        // kNN for all four runs, localisation only for the LEWEL ones (the baseline has no alignment maps).
        var top1 = new Dictionary<(string, long), double> { [("byol", 4)] = 30, [("lewel-b", 4)] = 34, [("byol", 7)] = 40, [("lewel-b", 7)] = 42 };
        foreach (var link in study.Runs)
        {
            var children = (await Host.Runs.ListAsync(new RunFilter { ParentRunId = link.RunId, Kind = RunKind.Eval })).Items;
            var plans = children.Select(c => EvaluationPlan.FromJson(c.ConfigJson)).ToList();
            Assert.Equal(link.Method == "lewel-b" ? ["knn", "localization"] : ["knn"], plans.Select(p => p.Protocol).Order());
            Assert.Equal("5", plans.Single(p => p.Protocol == "knn").Parameters["k"]);
            var knn = children.Single(c => EvaluationPlan.FromJson(c.ConfigJson).Protocol == "knn");
            await Finish(knn.Id);
            var batch = new RunBatch(knn.Id);
            batch.Evaluations.Add(new EvaluationResult(knn.Id, "knn", "{\"k\":\"5\"}",
                JsonSerializer.Serialize(new Dictionary<string, double> { ["top1"] = top1[(link.Method, link.Seed)], ["top5"] = 90 }), 2, 0, null, 0.1, DateTime.UtcNow));
            await Host.Services.GetRequiredService<RunBatchWriter>().WriteAsync(batch, DateTime.UtcNow);
        }

        var detail = await Host.GetJsonAsync($"/api/studies/{studyId}");
        var row = detail.GetProperty("table").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "knn.top1");
        var arms = row.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
        Assert.Equal(35, arms["byol"].GetProperty("summary").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(38, arms["lewel-b"].GetProperty("summary").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(34, arms["lewel-b"].GetProperty("bySeed").GetProperty("4").GetDouble());
        var difference = row.GetProperty("difference");
        Assert.Equal([4.0, 2.0], difference.GetProperty("perSeed").EnumerateArray().Select(p => p.GetProperty("difference").GetDouble()));
        // d = [4, 2]: mean 3, s = √2, t(0.975, 1) = 12.7062047 → half width 12.7062047 · √2 / √2 = 12.7062047
        Assert.Equal(3, difference.GetProperty("summary").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(12.706204736, difference.GetProperty("summary").GetProperty("halfWidth").GetDouble(), 6);
    }

    private async Task Finish(long runId) => await Host.Runs.UpdateAsync(runId, (r, now) =>
    {
        r.Start(r.ExecutionToken, "test", now);
        r.Succeed(2, now);
    });
}
