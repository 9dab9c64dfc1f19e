using System.Globalization;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>The compare page on the interactive charts in chromium: two stored runs are two lines of one chart, the
/// hover read-out shows both runs' values at the cursor, and a point published for one of them is appended without
/// the page reading the store.</summary>
[Collection(E2ECollection.Name)]
public sealed class CompareChartsTests(E2EFixture fixture)
{
    private const int Steps = 300;

    [Fact]
    public async Task TwoRunsOnOneChart_HoverReadsBoth_LivePointIsAppendedWithoutAStoreRead()
    {
        var first = await StoredRunAsync(2.5, knnTop1: 31.25);
        var second = await StoredRunAsync(4.25, knnTop1: 42.5);
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.App.BaseUrl}/compare?ids={first},{second}");
        await page.Locator("html[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        var chart = page.Locator("[data-testid=compare-chart]");
        var canvas = chart.Locator(".lewel-live-chart-canvas[data-ready=true]");
        await canvas.WaitForAsync();
        await page.Locator("[data-testid=compare-knn-chart] .lewel-live-chart-canvas[data-ready=true]").WaitForAsync();
        Assert.Equal((2 * Steps).ToString(CultureInfo.InvariantCulture), await chart.GetAttributeAsync("data-points"));
        await Screenshots.SaveAsync(page, "30-compare-charts");

        // Constant losses stay constant under any smoothing: the read-out at any x is each run's stored value.
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.5f);
        var tip = page.Locator(".lewel-chart-tooltip:visible", new() { HasText = $"#{first} " });
        await tip.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        var text = await tip.InnerTextAsync();
        Assert.Contains($"#{first} {RunFormat.MethodTitle("byol")}: 2.5", text);
        Assert.Contains($"#{second} {RunFormat.MethodTitle("byol")}: 4.25", text);
        await Screenshots.SaveAsync(page, "31-compare-hover", fullPage: false);

        var notifier = fixture.App.Services.GetRequiredService<RunNotifier>();
        var reads = fixture.App.StoreReads.Count;
        for (var i = 0; i < 5; i++)
            await notifier.PublishAsync(new MetricsAppended(first, Steps + i, Steps + 5, [new MetricPointDto(MetricNames.Loss, Steps + i, 1, 2.5, DateTime.UtcNow)]));
        await page.WaitForFunctionAsync($"() => +document.querySelector('[data-testid=compare-chart]').dataset.points === {2 * Steps + 5}",
            null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        var callers = fixture.App.StoreReads.CallersSince(reads);
        Assert.DoesNotContain("ComparePage", callers, StringComparison.Ordinal);
        Assert.Equal("1", await page.Locator("[data-testid=compare-controls]").GetAttributeAsync("data-curve-reads"));
        await page.Context.CloseAsync();
    }

    private async Task<long> StoredRunAsync(double loss, double knnTop1)
    {
        var runs = fixture.App.Services.GetRequiredService<RunStore>();
        var writer = fixture.App.Services.GetRequiredService<RunBatchWriter>();
        // A queue no worker serves: the run is only stored, never executed.
        var run = await runs.CreateAsync(new NewRun("compared", RunKind.Pretrain, "byol", "{\"method\":\"byol\"}", "shapes:size=16,n=64",
            "resnet18", 1, "cpu", "e2e-stored", Steps));
        var start = DateTime.UtcNow.AddHours(-1);
        var batch = new RunBatch(run.Id) { Progress = (Steps, Steps) };
        for (var step = 0; step < Steps; step++)
            batch.Metrics.Add(new MetricSample(MetricNames.Loss, step, step / 100, loss, start.AddSeconds(step)));
        batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, Steps - 1, 2, knnTop1, start.AddSeconds(Steps)));
        batch.Evaluations.Add(new EvaluationResult(run.Id, "knn", "{\"k\":\"20\",\"querySize\":\"200\"}",
            "{\"top1\":" + knnTop1.ToString(CultureInfo.InvariantCulture) + "}", Steps - 1, 2, null, 1.0, start.AddSeconds(Steps)));
        await writer.WriteAsync(batch, DateTime.UtcNow);
        await runs.UpdateAsync(run.Id, (r, now) =>
        {
            r.Start(r.ExecutionToken, "e2e", now);
            r.Succeed(Steps, now);
        });
        return run.Id;
    }
}
