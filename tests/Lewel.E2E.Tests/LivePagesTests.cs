using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>Every live page follows what the notifier publishes while it stays open (no reload, no timer of its own):
/// the maps page gains a snapshot, and the runs list and a study's page show a run's new status.</summary>
[Collection(E2ECollection.Name)]
public sealed class LivePagesTests(E2EFixture fixture)
{
    private static readonly LocatorWaitForOptions Bounded = new() { Timeout = 30_000 };

    private SeededRuns Seeded => new(fixture.App);

    [Fact]
    public async Task MapsPage_ShowsAPublishedSnapshot_WithoutAReload()
    {
        var run = await Seeded.RunAsync("live maps page");
        await Seeded.SnapshotAsync(run, 0, 0);
        var page = await OpenAsync($"/runs/{run}/maps");
        await page.GetByText("1 steps ·").WaitForAsync(Bounded);

        await Seeded.SnapshotAsync(run, SeededRuns.StepsPerEpoch, 5, publish: true);
        await page.GetByText("2 steps ·").WaitForAsync(Bounded);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunsList_ShowsAPublishedStatus_WithoutAReload()
    {
        var run = await QueuedRunAsync("live runs list");
        var page = await OpenAsync("/runs");
        var row = page.Locator($"tr.run-row-{run}");
        await row.GetByText("queued").WaitForAsync(Bounded);

        await FinishAndPublishAsync(run);
        await row.GetByText("succeeded").WaitForAsync(Bounded);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StudyPage_ShowsAPublishedStatus_WithoutAReload()
    {
        var run = await QueuedRunAsync("live study member");
        var study = await fixture.App.Services.GetRequiredService<StudyStore>().CreateAsync(
            new Study("live study", "byol", "lewel-b", "shapes:size=16,n=64", "1 epoch", [1], "{}", "{}", "e2e", DateTime.UtcNow),
            [new StudyRun(run, "byol", 1)]);
        var page = await OpenAsync($"/studies/{study.Id}");
        var row = page.Locator($"[data-testid=study-runs] tr[data-run='{run}']");
        await row.GetByText("queued").WaitForAsync(Bounded);

        await FinishAndPublishAsync(run);
        await row.GetByText("succeeded").WaitForAsync(Bounded);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(fixture.App.BaseUrl + path);
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return page;
    }

    /// <summary>A queued run in a queue no worker serves: it only changes when the test changes it.</summary>
    private async Task<long> QueuedRunAsync(string name) => (await fixture.App.Services.GetRequiredService<RunStore>().CreateAsync(
        new NewRun(name, RunKind.Pretrain, "byol", "{\"method\":\"byol\"}", "shapes:size=16,n=64", "resnet18", 1, "cpu", "e2e-stored", 10))).Id;

    /// <summary>Finishes the run in the store and publishes that, as a job does.</summary>
    private async Task FinishAndPublishAsync(long run)
    {
        await fixture.App.Services.GetRequiredService<RunStore>().UpdateAsync(run, (r, now) =>
        {
            r.Start(r.ExecutionToken, "e2e", now);
            r.Succeed(10, now);
        });
        await fixture.App.Services.GetRequiredService<RunNotifier>().PublishAsync(
            new RunStatusChanged(run, RunStatus.Succeeded, 10, 10, null, "succeeded"));
    }
}
