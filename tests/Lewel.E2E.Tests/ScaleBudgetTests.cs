using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Lewel.E2E.Tests;

/// <summary>The UI's scale budgets in chromium, on an app of their own (1,000 stored runs would change what the other
/// tests see): the runs page over 1,000 runs, and a run page over a 100,000-step history. The budget is 1 s each on a
/// quiet machine; the bound here is looser because the 2-core test machine is shared, and the measured times are printed
/// (BENCHMARKS.md "UI scale").</summary>
[Collection(E2ECollection.Name)]
public sealed class ScaleBudgetTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const double BoundSeconds = 5;

    private static readonly string[] HistorySeries =
    [
        MetricNames.Loss, MetricNames.LossGlobal, MetricNames.LossAligned, MetricNames.LearningRate, MetricNames.Momentum,
        MetricNames.ImagesPerSecond, MetricNames.DataWaitSeconds, MetricNames.ComputeSeconds, MetricNames.EmbeddingStd,
        MetricNames.MapEntropyRatio,
    ];

    [UiBenchmarkFact]
    public async Task RunsPageOver1000Runs_AndRunPageOver100kSteps_RenderWithinBudget()
    {
        await using var app = new AppServer();
        var runs = app.Services.GetRequiredService<RunStore>();
        var specs = Enumerable.Range(0, 1000).Select(i => new NewRun($"scale {i}", RunKind.Pretrain, "byol", "{\"method\":\"byol\"}",
            "shapes:size=16,n=64", "resnet18", i, "cpu", "e2e-stored", 100)).ToList();
        var created = await runs.CreateLaunchAsync(specs, key: null);
        // Finished runs: queued ones with no job would be queued again by the recovery sweep, a thousand job
        // creations that load the app while it is being timed (and hold up its shutdown).
        foreach (var run in created.Runs)
            await runs.UpdateAsync(run.Id, (r, now) => { r.Start(r.ExecutionToken, "e2e", now); r.Succeed(100, now); });
        var newest = created.Runs.Max(r => r.Id);
        var history = created.Runs.Min(r => r.Id);
        // What a LEWEL run stores every step for the run page's charts: a million rows for 100,000 steps.
        var writer = app.Services.GetRequiredService<RunBatchWriter>();
        var start = DateTime.UtcNow.AddDays(-1);
        for (var from = 0; from < 100_000; from += 10_000)
        {
            var batch = new RunBatch(history);
            for (var step = from; step < from + 10_000; step++)
                foreach (var series in HistorySeries)
                    batch.Metrics.Add(new MetricSample(series, step, step / 1000, 5 * Math.Exp(-step / 30_000.0) + 0.05 * Math.Sin(step), start.AddSeconds(step)));
            await writer.WriteAsync(batch, DateTime.UtcNow);
        }

        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/runs");
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        var runsUrl = app.BaseUrl + "/runs";
        var runUrl = $"{app.BaseUrl}/runs/{history}";
        const string chartDrawn = "[data-testid=loss-chart] .lewel-live-chart-canvas[data-ready=true]";
        var runsFirst = await TimeAsync(page, runsUrl, $"tr.run-row-{newest}");
        // One page of the table is drawn, not the 1,000 runs.
        Assert.Equal(25, await page.Locator("tr[class*=run-row-]").CountAsync());
        var runFirst = await TimeAsync(page, runUrl, chartDrawn);
        var runsPage = await TimeAsync(page, runsUrl, $"tr.run-row-{newest}");
        var runPage = await TimeAsync(page, runUrl, chartDrawn);
        // References timed in the same run, so that the figures say what the data costs on whatever machine this is:
        // a page with no stored data (the image inspector) and the same run page over a run with no history.
        var formPage = await TimeAsync(page, app.BaseUrl + "/inspect", "html[data-interactive=true]");
        // With no points there is no chart to draw: the page is ready when its chart controls show.
        var emptyRunPage = await TimeAsync(page, $"{app.BaseUrl}/runs/{newest}", "[data-testid=chart-controls]");
        var report = $"runs page over 1,000 runs: {runsFirst} first, {runsPage} again, {runsPage.Total / formPage.Total:0.00}× the "
            + $"image inspector's {formPage.Total:0.00} s; run page over 100,000 steps: {runFirst} first, {runPage} again, "
            + $"{runPage.Total / emptyRunPage.Total:0.00}× the same page over no history ({emptyRunPage.Total:0.00} s)";
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.InRange(runsPage.Total, 0, BoundSeconds);
        Assert.InRange(runPage.Total, 0, BoundSeconds);
    }

    /// <summary>Seconds from navigation until <paramref name="ready"/> shows (the page interactive and drawn), and
    /// where they went: the server's prerendered document, the circuit going interactive, and the drawing. The times
    /// are the page's own clock (from the navigation's start), read by a check that runs on every animation frame: a
    /// locator's wait retries at growing intervals (up to 0.5 s apart) and so reported up to half a second late.</summary>
    private static async Task<PageTiming> TimeAsync(IPage page, string url, string ready)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var interactive = await SeenAtAsync(page, "html[data-interactive=true]");
        var total = await SeenAtAsync(page, ready);
        var browser = await page.EvaluateAsync<string>(@"() => {
            const n = performance.getEntriesByType('navigation')[0];
            const slow = performance.getEntriesByType('resource').filter(r => r.duration > 30)
                .map(r => r.name.split('/').pop() + ' ' + Math.round(r.startTime) + '+' + Math.round(r.duration));
            return 'response ' + Math.round(n.responseEnd) + ' ms, DOMContentLoaded ' + Math.round(n.domContentLoadedEventEnd)
                + ' ms; slow resources: ' + slow.join(', ');
        }");
        var document = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd / 1000");
        return new PageTiming(document, interactive, total, browser);
    }

    /// <summary>The page's clock, in seconds since the navigation started, at the animation frame after the one on which
    /// <paramref name="selector"/> first matched: a chart marks itself ready when its drawing is scheduled, and the frame
    /// after is the first by which it has surely been drawn.</summary>
    private static async Task<double> SeenAtAsync(IPage page, string selector)
    {
        const string check = @"selector => {
            if (!document.querySelector(selector)) return 0;
            const seen = window.__lewelSeen ??= {};
            if (seen[selector] === undefined) { seen[selector] = performance.now(); return 0; }
            return performance.now();
        }";
        var seen = await page.WaitForFunctionAsync(check, selector, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return await seen.JsonValueAsync<double>() / 1000;
    }

    private sealed record PageTiming(double Document, double Interactive, double Total, string Browser)
    {
        public override string ToString() => $"{Total:0.00} s (document {Document:0.00}, interactive {Interactive:0.00}; {Browser})";
    }
}
