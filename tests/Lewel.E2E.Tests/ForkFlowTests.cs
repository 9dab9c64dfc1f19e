using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>"Fork from step N" in the browser: a tiny run trains 8 steps; its checkpoint at step 4 is forked with a
/// doubled learning rate; the fork continues from the parent's state and the lineage shows on both runs.</summary>
[Collection(E2ECollection.Name)]
public sealed class ForkFlowTests(E2EFixture fixture)
{
    private static readonly object TinyRun = new Dictionary<string, object>
    {
        ["name"] = "fork parent", ["method"] = "lewel-b", ["dataset"] = "shapes:size=16,n=64,seed=3", ["width"] = 0.0625, ["imageSize"] = 16,
        ["steps"] = 8, ["batchSize"] = 8, ["device"] = "cpu", ["seed"] = 5, ["threads"] = 1,
        ["heads"] = new Dictionary<string, object> { ["projectorHidden"] = 32, ["dim"] = 16, ["predictorHidden"] = 32 },
        ["lewel"] = new Dictionary<string, object> { ["numHeads"] = 2 },
        ["schedule"] = new Dictionary<string, object> { ["warmupEpochs"] = 0 },
        ["monitor"] = new Dictionary<string, object>
        {
            ["knnEveryEpochs"] = 0, ["probeIndices"] = new[] { 0 }, ["snapshotEverySteps"] = 4, ["checkpointEverySteps"] = 4, ["healthEverySteps"] = 4,
        },
    };

    [Fact]
    public async Task ForkFromACheckpoint_WithADoubledLearningRate_ContinuesFromTheParentsStateAndShowsTheLineage()
    {
        var runs = fixture.App.Services.GetRequiredService<RunStore>();
        using var client = new HttpClient { BaseAddress = new Uri(fixture.App.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var launched = await client.PostAsJsonAsync("/api/runs", TinyRun);
        Assert.True(launched.IsSuccessStatusCode, await launched.Content.ReadAsStringAsync());
        var parentId = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run").GetProperty("id").GetInt64();
        var parent = await WaitForSuccessAsync(runs, parentId);
        var parentLr = RunConfig.FromJson(parent.ConfigJson).Optimizer.BaseLr;

        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/runs/{parentId}");
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Checkpoints") }).ClickAsync();
        await page.Locator("button[data-testid=fork-from][data-step='4']").ClickAsync();
        var lr = page.Locator("[data-testid=fork-base-lr] input");
        await lr.FillAsync((2 * parentLr).ToString("G6", CultureInfo.InvariantCulture));
        await lr.PressAsync("Tab");
        await Screenshots.SaveAsync(page, "16-fork-dialog", fullPage: false);
        await page.Locator("button[data-testid=fork-submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.EndsWith($"/runs/{parentId}", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
        var forkId = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

        var fork = await WaitForSuccessAsync(runs, forkId);
        Assert.Equal((parentId, 4), (fork.ParentRunId, fork.ForkStep));
        await page.ReloadAsync();
        await page.Locator("[data-testid=lineage-parent]").Filter(new() { HasText = $"forked from #{parentId} at step 4" }).WaitForAsync();
        await Screenshots.SaveAsync(page, "17-fork-run");
        await page.GotoAsync($"{fixture.App.BaseUrl}/runs/{parentId}");
        await page.Locator($"[data-testid=lineage-forks] [data-fork='{forkId}']").WaitForAsync();

        var parentSteps = Steps(parentId);
        var forkSteps = Steps(forkId);
        Assert.Equal([5, 6, 7, 8], forkSteps.Keys);
        Assert.Equal(2 * parentSteps[5].Lr, forkSteps[5].Lr, 9);
        Assert.Equal(parentSteps[5].Loss, forkSteps[5].Loss); // taken on the parent's weights of step 4
        foreach (var step in new[] { 6, 7, 8 })
            Assert.NotEqual(parentSteps[step].Loss, forkSteps[step].Loss);
    }

    private SortedDictionary<int, (double Loss, double Lr)> Steps(long runId)
    {
        var lines = File.ReadAllLines(Path.Combine(fixture.App.DataDir, "runs", runId.ToString(CultureInfo.InvariantCulture), "metrics.jsonl"));
        var steps = new SortedDictionary<int, (double, double)>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var point = JsonDocument.Parse(line).RootElement;
            steps[point.GetProperty("step").GetInt32()] = (point.GetProperty("loss").GetDouble(), point.GetProperty("lr").GetDouble());
        }
        return steps;
    }

    private static async Task<Run> WaitForSuccessAsync(RunStore runs, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            var run = await runs.GetAsync(id);
            if (run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled)
            {
                Assert.True(run.Status == RunStatus.Succeeded, $"run {id} ended {run.Status}: {run.Error}");
                return run;
            }
            await Task.Delay(300);
        }
        throw new TimeoutException($"run {id} did not finish");
    }
}
