using System.Text.RegularExpressions;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>The run page's charts in chromium on a stored run: a hover read-out shows the stored value at the cursor,
/// a drag zooms every chart of the page and the reset shows everything again.</summary>
[Collection(E2ECollection.Name)]
public sealed class ChartInteractionTests(E2EFixture fixture)
{
    private const int Steps = 3000;

    [Fact]
    public async Task RunCharts_HoverReadsTheValueAtTheCursor_DragZoomsAllCharts_ResetShowsEverything()
    {
        var id = await StoredRunAsync();
        var page = await fixture.Browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{fixture.App.BaseUrl}/runs/{id}");
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var knn = page.Locator("[data-testid=knn-chart] .lewel-live-chart-canvas[data-ready=true]");
        var loss = page.Locator("[data-testid=loss-chart] .lewel-live-chart-canvas[data-ready=true]");
        await knn.WaitForAsync();
        await loss.WaitForAsync();
        await Screenshots.SaveAsync(page, "09-run-charts");
        // Every y tick reads as a short number, including on axes widened to a reference line (map entropy's 1 =
        // uniform, the embedding std's 1/√d), whose ends come from the data: never 0.08838834764831845.
        var yLabels = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('.lewel-live-chart-canvas[data-ready=true]')]
            .flatMap(el => echarts.getInstanceByDom(el).getModel().getComponent('yAxis').axis.getViewLabels().map(l => l.formattedLabel))");
        Assert.NotEmpty(yLabels);
        Assert.All(yLabels, label => Assert.True(label.TrimStart('-', '0', '.').Count(char.IsDigit) <= 6,
            $"y tick label '{label}' has more than 6 significant digits; all: {string.Join(" | ", yLabels)}"));

        // kNN top-1 is measured at steps 0, 1500 and 3000 and drawn unsmoothed: the middle of the chart reads step 1,500.
        await knn.ScrollIntoViewIfNeededAsync();
        var box = (await knn.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.52f, box.Y + box.Height * 0.5f);
        var tip = page.Locator(".lewel-chart-tooltip:visible", new() { HasText = "kNN top-1" });
        try
        {
            await tip.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("no hover read-out; browser errors: " + string.Join(" | ", errors) + "; tooltips: "
                + string.Join(" | ", await page.Locator(".lewel-chart-tooltip").EvaluateAllAsync<string[]>("es => es.map(e => e.outerHTML.slice(0, 300))")));
        }
        Assert.Contains("step 1,500", await tip.InnerTextAsync());
        Assert.Contains("kNN top-1: 22.25", await tip.InnerTextAsync());

        // A drag across the loss chart zooms the whole page and re-reads that range at full resolution.
        await loss.ScrollIntoViewIfNeededAsync();
        var lossBox = (await loss.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(lossBox.X + lossBox.Width * 0.3f, lossBox.Y + lossBox.Height * 0.5f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(lossBox.X + lossBox.Width * 0.5f, lossBox.Y + lossBox.Height * 0.5f, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        var range = page.Locator("[data-testid=zoom-range]");
        await range.WaitForAsync();
        var shown = Regex.Match(await range.InnerTextAsync(), @"showing ([\d,.]+)–([\d,.]+)");
        Assert.True(shown.Success, await range.InnerTextAsync());
        var (from, to) = (double.Parse(shown.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(shown.Groups[2].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(from, 500, 1400);
        Assert.InRange(to, from + 300, 2000);
        Assert.Equal("true", await page.Locator(".lewel-chart-group").GetAttributeAsync("data-zoomed"));
        // The zoomed loss is every stored point in range (fewer than the 2,000-point budget), not a decimated band.
        await page.WaitForFunctionAsync("([lo, hi]) => { const n = +document.querySelector('[data-testid=loss-chart]').dataset.points; return n > 0 && n <= hi - lo + 2; }",
            new[] { from, to });
        await Screenshots.SaveAsync(page, "10-run-charts-zoomed");

        await page.Locator("[data-testid=reset-zoom]").ClickAsync();
        await range.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.Equal("false", await page.Locator(".lewel-chart-group").GetAttributeAsync("data-zoomed"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LivePage_AppendsPublishedPoints_WithoutReadingTheStore()
    {
        var id = await StoredRunAsync();
        var notifier = fixture.App.Services.GetRequiredService<RunNotifier>();
        await notifier.GetStateAsync(id);
        // The store contexts the app makes anyway while such batches arrive for a run no page shows: the page is judged
        // by what it adds to that. Hosted services' own timers (the recovery sweep) are left out of both: when one
        // fires inside a 3-second window is chance.
        var unwatched = await StoredRunAsync();
        await notifier.GetStateAsync(unwatched);
        var (baseline, baselineCallers) = await ContextsPerSecondWhilePublishingAsync(notifier, unwatched);
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/runs/{id}");
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var loss = page.Locator("[data-testid=loss-chart]");
        await loss.Locator(".lewel-live-chart-canvas[data-ready=true]").WaitForAsync();
        var before = int.Parse((await loss.GetAttributeAsync("data-points"))!, System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(1000);
        Assert.Equal("1", await page.Locator("[data-testid=chart-controls]").GetAttributeAsync("data-history-reads"));

        var (withPage, pageCallers) = await ContextsPerSecondWhilePublishingAsync(notifier, id);
        await page.WaitForFunctionAsync($"() => +document.querySelector('[data-testid=loss-chart]').dataset.points >= {before + 30}");
        Console.WriteLine($"store contexts per second while batches arrive (the app's foreground): {baseline:0.00} with no page open, {withPage:0.00} with one live run page");
        Console.WriteLine($"  callers with no page: {baselineCallers}");
        Console.WriteLine($"  callers with the page: {pageCallers}");
        // The page read its chart history once, when it opened, and never again while the points arrived, and nothing
        // else on it reads the store on each live update.
        Assert.Equal("1", await page.Locator("[data-testid=chart-controls]").GetAttributeAsync("data-history-reads"));
        Assert.True(withPage - baseline <= 1, $"the live page added {withPage - baseline:0.00} store contexts a second "
            + $"({withPage:0.00} with it, {baseline:0.00} without); with the page: {pageCallers}; without: {baselineCallers}");
        await page.Context.CloseAsync();
    }

    /// <summary>Ten batches a second for three seconds, as a training job publishes them; the store contexts a second
    /// that the app's foreground (pages, circuits, the notifier; no hosted service's timer) made meanwhile, and who
    /// asked for every context.</summary>
    private async Task<(double PerSecond, string Callers)> ContextsPerSecondWhilePublishingAsync(RunNotifier notifier, long id)
    {
        var reads = fixture.App.StoreReads.Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            var step = Steps + i;
            await notifier.PublishAsync(new MetricsAppended(id, step, Steps + 30, [new MetricPointDto(MetricNames.Loss, step, 3, 2.0, DateTime.UtcNow)]));
            await Task.Delay(100);
        }
        return (fixture.App.StoreReads.ForegroundSince(reads) / clock.Elapsed.TotalSeconds, fixture.App.StoreReads.CallersSince(reads));
    }

    private async Task<long> StoredRunAsync()
    {
        var runs = fixture.App.Services.GetRequiredService<RunStore>();
        var writer = fixture.App.Services.GetRequiredService<RunBatchWriter>();
        // A queue no worker serves: the run is only stored, never executed.
        var run = await runs.CreateAsync(new NewRun("stored charts", RunKind.Pretrain, "byol", "{\"method\":\"byol\"}", "shapes:size=16,n=64",
            "resnet18", 1, "cpu", "e2e-stored", Steps));
        var start = DateTime.UtcNow.AddHours(-1);
        var batch = new RunBatch(run.Id) { Progress = (Steps, Steps) };
        for (var step = 0; step < Steps; step++)
        {
            var time = start.AddSeconds(step);
            batch.Metrics.Add(new MetricSample(MetricNames.Loss, step, step / 1000, 5 - step * 0.001 + 0.1 * Math.Sin(step), time));
            batch.Metrics.Add(new MetricSample(MetricNames.MapEntropyRatio, step, step / 1000, 0.9996 + step * 1e-7, time));
        }
        // Health reports with the expected std of d = 128 (1/√128 = 0.0883883…), a reference line above the data.
        for (var step = 0; step < Steps; step += 500)
        {
            batch.Metrics.Add(new MetricSample(MetricNames.EmbeddingStd, step, step / 1000, 0.03 + step * 1e-5, start.AddSeconds(step)));
            batch.Metrics.Add(new MetricSample(MetricNames.ExpectedStd, step, step / 1000, 1 / Math.Sqrt(128), start.AddSeconds(step)));
        }
        foreach (var (step, value) in new[] { (0, 11.5), (1500, 22.25), (3000, 33.75) })
            batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, step, step / 1000, value, start.AddSeconds(step)));
        await writer.WriteAsync(batch, DateTime.UtcNow);
        await runs.UpdateAsync(run.Id, (r, now) =>
        {
            r.Start(r.ExecutionToken, "e2e", now);
            r.Succeed(Steps, now);
        });
        return run.Id;
    }
}
