using System.Globalization;
using System.Text.Json;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>The studio in a real browser against the real app: launch a paired BYOL/LEWEL_B run from the form, watch
/// it live, compare the pair, inspect an image with the LEWEL checkpoint, and cancel a run.</summary>
[Collection(E2ECollection.Name)]
public sealed class StudioFlowTests(E2EFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task PairedLaunch_FromTheForm_StreamsLiveAndComparesBothRunsAndInspectsAnImage()
    {
        var page = await fixture.Browser.NewPageAsync();
        await GoAsync(page, fixture.App.BaseUrl + "/runs");
        await page.Locator("[data-testid=empty-state]").WaitForAsync();
        await Screenshots.SaveAsync(page, "01-runs-empty");

        // The form: LEWEL_B (the default method) paired with BYOL, on a tiny shapes set.
        await GoAsync(page, fixture.App.BaseUrl + "/runs/new");
        await page.Locator("button[data-method=lewel-b][aria-checked=true]").WaitForAsync();
        await Fill(page, "dataset", "shapes:size=16,n=64,seed=1");
        await Fill(page, "width", "0.0625");
        await Fill(page, "imageSize", "16");
        await page.Locator(".mud-radio:has-text('steps')").ClickAsync();
        await Fill(page, "steps", "30");
        await Fill(page, "batchSize", "8");
        await Fill(page, "heads.projectorHidden", "64");
        await Fill(page, "heads.dim", "32");
        await Fill(page, "heads.predictorHidden", "64");
        await Fill(page, "schedule.warmupEpochs", "0.2");
        await Fill(page, "monitor.snapshotEverySteps", "5");
        await Fill(page, "monitor.checkpointEverySteps", "10");
        await Fill(page, "monitor.healthEverySteps", "5");
        await Fill(page, "monitor.probeIndices", "0,1,2");
        await Fill(page, "device", "cpu");
        await Fill(page, "threads", "1"); // the two runs of the pair train side by side on a small machine
        await page.Locator("label:has-text('Paired comparison')").ClickAsync();
        var launch = page.Locator("button[data-testid=launch]");
        await Expect(launch, "Launch BYOL + LEWEL_B");
        Assert.Equal(0, await page.Locator("[data-testid=form-errors]").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the configuration JSON" }).ClickAsync();
        var json = await page.Locator("[data-testid=config-json]").InnerTextAsync();
        Assert.Contains("\"dataset\": \"shapes:size=16,n=64,seed=1\"", json);
        Assert.Contains("\"steps\": 30", json);
        await Screenshots.SaveAsync(page, "02-new-run");
        await launch.ClickAsync();

        // A paired launch lands on Compare with both runs.
        await page.WaitForURLAsync("**/compare?ids=*");
        var ids = page.Url.Split("ids=")[1].Split(',').Select(long.Parse).ToArray();
        Assert.Equal(2, ids.Length);
        var (byolId, lewelId) = (ids[0], ids[1]);
        var runs = fixture.App.Services.GetRequiredService<Lewel.Data.Stores.RunStore>();
        Assert.Equal("byol", (await runs.GetAsync(byolId)).Method);
        Assert.Equal("shapes:size=16,n=64,seed=1", (await runs.GetAsync(lewelId)).Dataset);

        // Run detail: the loss chart gains points while training, without a reload.
        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{lewelId}");
        var lossChart = page.Locator("[data-testid=loss-chart]");
        var lossPoints = page.Locator("[data-testid=loss-chart] .lewel-live-chart-canvas[data-ready=true]");
        await lossPoints.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        var first = int.Parse((await lossChart.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture);
        await WaitUntil(async () => int.Parse((await lossChart.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture) > first,
            "the loss chart never gained points after the first ones");

        // Maps: a snapshot beyond the first appears while the page stays open.
        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{lewelId}/maps");
        await page.Locator("[data-testid=map-viewer]").WaitForAsync();
        var initialStep = await ShownStep(page);
        await WaitUntil(async () => await ShownStep(page) is { } step && step > (initialStep ?? -1),
            $"no new snapshot appeared live (the page showed step {initialStep?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
        Assert.True(await page.Locator("[data-testid=probe-snapshot] img[data-testid=head-png]").CountAsync() >= 1);

        await WaitForFinalAsync(runs, byolId);
        var lewel = await WaitForFinalAsync(runs, lewelId);
        Assert.Equal(Lewel.Data.Entities.RunStatus.Succeeded, lewel.Status);

        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{lewelId}/maps");
        await page.Locator("[data-testid=probe-snapshot]").WaitForAsync();
        await page.Locator("[data-testid=probe-snapshot] button[data-head='0']").ClickAsync();
        await page.Locator("img[data-testid=head-all-maps]").WaitForAsync();
        await Screenshots.SaveAsync(page, "05-head-dialog", fullPage: false);
        await page.Keyboard.PressAsync("Escape");
        await Screenshots.SaveAsync(page, "04-alignment-maps");

        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{lewelId}");
        await lossPoints.WaitForAsync();
        await Screenshots.SaveAsync(page, "03-run-detail");
        await lossPoints.HoverAsync();
        var tip = page.Locator(".lewel-chart-tooltip:visible", new() { HasText = "aligned" });
        await tip.WaitForAsync();
        Assert.Matches(@"step \d+", await tip.InnerTextAsync());
        Assert.Contains("aligned", await tip.InnerTextAsync());

        // An evaluation queued from the run page runs as a child run and shows its result with its protocol.
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Evaluations") }).ClickAsync();
        await page.Locator("button[data-testid=queue-knn]").ClickAsync();
        await page.Locator("[data-testid=evaluation-runs] [data-protocol=knn]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        await Screenshots.SaveAsync(page, "03b-evaluations", fullPage: false);

        // Compare: the configuration differs only by the method; both runs' maps side by side.
        await GoAsync(page, $"{fixture.App.BaseUrl}/compare?ids={byolId},{lewelId}");
        await page.Locator("[data-testid=config-diff] tr[data-path='method']").WaitForAsync();
        Assert.Equal(1, await page.Locator("[data-testid=config-diff] tr[data-path]").CountAsync());
        await page.Locator($"[data-testid=compare-maps] [data-run='{lewelId}'] canvas[data-testid=head-canvas][data-drawn=single]").First.WaitForAsync();
        Assert.Contains("no alignment maps", await page.Locator($"[data-testid=compare-maps] [data-run='{byolId}']").InnerTextAsync());
        await page.Locator("[data-testid=compare-chart] .lewel-live-chart-canvas[data-ready=true]").WaitForAsync();
        await Screenshots.SaveAsync(page, "06-compare");

        // Inspect: an uploaded image through the LEWEL run's checkpoint gives one heatmap image per head.
        var image = Directory.EnumerateFiles(Path.Combine(fixture.App.DataDir, "runs", lewelId.ToString(CultureInfo.InvariantCulture), "maps"),
            "probe0_view1.png", SearchOption.AllDirectories).First();
        await GoAsync(page, $"{fixture.App.BaseUrl}/inspect");
        await page.Locator("[data-testid=checkpoint-select]").WaitForAsync();
        // A change event that reaches the circuit while it is still busy can be dropped; the preview says it arrived.
        var preview = page.Locator("img[alt='uploaded image']");
        for (var attempt = 0; attempt < 3 && await preview.CountAsync() == 0; attempt++)
        {
            await page.Locator("input[data-testid=image-input]").SetInputFilesAsync(image);
            try { await preview.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 }); } catch (TimeoutException) { }
        }
        var inspect = page.Locator("button[data-testid=inspect]");
        try
        {
            await WaitUntil(async () => await inspect.IsEnabledAsync(), "the inspect button stayed disabled after the upload", timeoutMs: 60_000);
        }
        catch (Exception)
        {
            await Screenshots.SaveAsync(page, "07-inspect-failed");
            var shown = string.Join(" | ", await page.Locator("[data-testid=inspect-error], [data-testid=no-checkpoints]").AllInnerTextsAsync());
            throw new Xunit.Sdk.XunitException($"the inspect button stayed disabled after the upload; the page says: {shown}");
        }
        await inspect.ClickAsync();
        await page.Locator("[data-testid=inspect-result]").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        Assert.Equal(4, await page.Locator("img[data-testid=inspect-head]").CountAsync());
        Assert.Contains("statistics of the training data set shapes:size=16,n=64,seed=1", await page.Locator("[data-testid=inspect-result]").InnerTextAsync());
        await Screenshots.SaveAsync(page, "07-inspect");
    }

    [Fact]
    public async Task Cancel_RunningRun_IsMarkedCancelled()
    {
        var service = fixture.App.Services.GetRequiredService<RunService>();
        var body = JsonSerializer.SerializeToElement(new
        {
            name = "long run to cancel", method = "byol", dataset = "shapes:size=16,n=64,seed=2", width = 0.0625, imageSize = 16,
            batchSize = 8, steps = 5000, epochs = (int?)null, device = "cpu",
            heads = new { projectorHidden = 32, dim = 16, predictorHidden = 32 },
            monitor = new { knnEveryEpochs = 0, snapshotEverySteps = 0, checkpointEverySteps = 1000, healthEverySteps = 50 },
        });
        var launched = await service.LaunchAsync(body, launchKey: null);
        Assert.True(launched.IsValid, string.Join("; ", launched.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        var id = launched.Runs.Single().Id;

        var page = await fixture.Browser.NewPageAsync();
        await GoAsync(page, $"{fixture.App.BaseUrl}/runs/{id}");
        await page.Locator(".lewel-page-head [data-status=running]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        await page.Locator("button[data-testid=cancel-run]").ClickAsync();
        await page.Locator(".lewel-page-head [data-status=cancelled]").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await page.Locator("button[data-testid=resume-run]").WaitForAsync();

        await GoAsync(page, fixture.App.BaseUrl + "/runs");
        await page.Locator($"tr.run-row-{id} [data-status=cancelled]").WaitForAsync();
        await Screenshots.SaveAsync(page, "08-runs");
    }

    /// <summary>Opens a page and waits for its circuit: the page is prerendered, and a click or keystroke before the
    /// circuit is live would be lost.</summary>
    private static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private static async Task Fill(IPage page, string path, string value)
    {
        var input = page.Locator($"[data-path='{path}'] input").First;
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        await WaitUntil(async () => await input.InputValueAsync() == value, $"the field {path} did not keep '{value}'", timeoutMs: 10_000);
    }

    private static async Task Expect(ILocator locator, string text) =>
        await WaitUntil(async () => (await locator.InnerTextAsync()).Contains(text, StringComparison.OrdinalIgnoreCase), $"'{text}' never appeared");

    private static async Task<int?> ShownStep(IPage page)
    {
        var label = page.Locator("[data-testid=step-label]");
        if (await label.CountAsync() == 0) return null;
        var text = await label.InnerTextAsync();
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) ? step : null;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string failure, int timeoutMs = 180_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail(failure);
    }

    private static async Task<Lewel.Data.Entities.Run> WaitForFinalAsync(Lewel.Data.Stores.RunStore runs, long id)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var run = await runs.GetAsync(id, withHistory: true);
            if (run.Status is Lewel.Data.Entities.RunStatus.Succeeded or Lewel.Data.Entities.RunStatus.Failed or Lewel.Data.Entities.RunStatus.Cancelled)
            {
                Assert.True(run.Status == Lewel.Data.Entities.RunStatus.Succeeded, $"run {id} ended {run.Status}: {run.Error}");
                return run;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"run {id} did not finish within {RunTimeout}");
    }
}
