using System.Globalization;
using System.Text.Json;
using Bunit;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Components.Pages.Compare;
using Lewel.Web.Components.Shared;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Lewel.Web.Tests.Components;

/// <summary>The compare page's structure on a real store: every chart is an interactive chart with one line per run,
/// evaluations are drawn over steps with their Wilson intervals, the loss Δ is refused across methods, and live points
/// are appended without reading the curves again.</summary>
public sealed class ComparePageTests : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The page on <paramref name="store"/>, with MudBlazor's services as <see cref="TestSupport.MudComponentTest"/> sets
    /// them up (the store's services must be added before anything is rendered).</summary>
    private async Task<IRenderedComponent<ComparePage>> RenderAsync(StoreServices store, params long[] ids)
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(store.Runs);
        Services.AddSingleton(store.Artifacts);
        Services.AddSingleton(store.Metrics);
        Services.AddSingleton(store.Notifier);
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/compare?ids=" + string.Join(',', ids));
        var page = Render<ComparePage>();
        await Task.Yield();
        return page;
    }

    private static async Task<Run> StoredRunAsync(StoreServices store, string method, double loss, bool withEvaluations)
    {
        var run = await store.CreateRunAsync(method);
        var batch = new RunBatch(run.Id) { Progress = (100, 100) };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var step = 0; step < 100; step++) batch.Metrics.Add(new MetricSample(MetricNames.Loss, step, 0, loss, start.AddSeconds(step)));
        if (withEvaluations)
        {
            batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, 50, 0, 40, start.AddSeconds(50)));
            batch.Evaluations.Add(new EvaluationResult(run.Id, "knn", "{\"querySize\":\"200\"}", "{\"top1\":40}", 50, 0, null, 1, start.AddSeconds(50)));
            batch.Evaluations.Add(new EvaluationResult(run.Id, "linear", "{\"testSize\":\"500\"}", "{\"top1\":55.5}", 99, 0, null, 1, start.AddSeconds(99)));
        }
        await store.Writer.WriteAsync(batch, start.AddSeconds(100));
        return run;
    }

    private IEnumerable<string> CreatedSpecs() => JSInterop.Invocations.Where(i => i.Identifier == "lewelCharts.create")
        .Select(i => JsonSerializer.Serialize(i.Arguments[3]));

    [Fact]
    public async Task Evaluations_AreChartsOverStepsWithWilsonBands_OneLinePerRun_AndTheKnnCurveIsTheDefaultAcrossMethods()
    {
        await using var store = await StoreServices.CreateAsync();
        var byol = await StoredRunAsync(store, "byol", 3, withEvaluations: true);
        var lewel = await StoredRunAsync(store, "lewel-b", 2, withEvaluations: true);
        var page = await RenderAsync(store, byol.Id, lewel.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=compare-linear-chart]")));
        Assert.Empty(page.FindAll("[data-testid=compare-localization-chart]"));
        Assert.Equal("2", page.Find("[data-testid=compare-knn-chart]").GetAttribute("data-points"));
        var (low, high) = BinomialInterval.Wilson(40, 200);
        // The chart is created on the render after its points arrive, which now come off the circuit's thread.
        var knnSpec = "";
        page.WaitForAssertion(() => knnSpec = Assert.Single(CreatedSpecs(), s => s.Contains("\"band\":[[50,", StringComparison.Ordinal) && s.Contains("[50,40]", StringComparison.Ordinal)));
        // The browser gets 7 significant digits.
        static string Sent(double v) => double.Parse(v.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains($"[50,{Sent(low)},{Sent(high)}]", knnSpec);
        Assert.Contains($"\"name\":\"#{byol.Id} {RunFormat.MethodTitle("byol")}\"", knnSpec);
        Assert.Contains($"\"name\":\"#{lewel.Id} {RunFormat.MethodTitle("lewel-b")}\"", knnSpec);
        // Different methods: the training curve starts on the kNN series, whose Δ means something.
        Assert.Contains("kNN top-1", page.Find("[data-testid=compare-chart] .lewel-chart-title").TextContent);
        Assert.NotNull(page.Find("[data-testid=delta-chart]"));
        Assert.Equal("true", page.Find("tr[data-value='knn.top1']").GetAttribute("data-within-noise"));
        Assert.NotNull(page.Find(".lewel-chart-group"));
    }

    [Fact]
    public async Task LossAcrossMethods_RefusesTheDelta_AndALivePointIsAppendedWithoutReadingTheCurves()
    {
        await using var store = await StoreServices.CreateAsync();
        var byol = await StoredRunAsync(store, "byol", 3, withEvaluations: false);
        var lewel = await StoredRunAsync(store, "lewel-b", 2, withEvaluations: false);
        var page = await RenderAsync(store, byol.Id, lewel.Id);

        // The curves are read off the circuit's thread (the store reads SQLite on its own connections).
        page.WaitForAssertion(() => Assert.Equal("200", page.Find("[data-testid=compare-chart]").GetAttribute("data-points")));
        Assert.NotNull(page.Find("[data-testid=delta-refused]"));
        Assert.Empty(page.FindAll("[data-testid=delta-chart]"));
        Assert.Equal("1", page.Find("[data-testid=compare-controls]").GetAttribute("data-curve-reads"));

        await store.Notifier.PublishAsync(new MetricsAppended(lewel.Id, 100, 101, [new MetricPointDto(MetricNames.Loss, 100, 0, 2, DateTime.UtcNow)]));
        page.WaitForAssertion(() => Assert.Equal("201", page.Find("[data-testid=compare-chart]").GetAttribute("data-points")));
        // The chart sends the point after the render that shows its count.
        page.WaitForAssertion(() => Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.append"));
        var append = JSInterop.Invocations.Single(i => i.Identifier == "lewelCharts.append");
        var point = Assert.Single((double?[][])append.Arguments[1]!);
        Assert.Equal(1, point[0]); // the second run's line
        Assert.Equal(100, point[1]);
        Assert.Equal(2, point[2]!.Value, 9); // a constant stays constant under the EMA
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "lewelCharts.setData" && i.Arguments[0] is string id && id == append.Arguments[0] as string);
        Assert.Equal("1", page.Find("[data-testid=compare-controls]").GetAttribute("data-curve-reads"));
    }
}
