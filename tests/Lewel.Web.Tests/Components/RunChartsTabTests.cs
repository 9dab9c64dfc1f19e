using Bunit;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Components.Pages.Runs;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Lewel.Web.Tests.Components;

/// <summary>The run page's charts read their history off the circuit's thread, so batches and the subscribed state can
/// arrive while the read is under way: none of their points may be lost, and none read twice without need.</summary>
public sealed class RunChartsTabTests : BunitContext, IAsyncLifetime
{
    public RunChartsTabTests()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static readonly DateTime T0 = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>How long a call into the tab may take: one that waits for the held read would otherwise hang the test.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Reads the store, then holds the result until the test opens the gate.</summary>
    private sealed class GatedHistory(MetricReader metrics) : RunChartHistory(metrics)
    {
        private int reads;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed once the first read has read the store (it then waits for the gate).</summary>
        public TaskCompletionSource FirstReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads => Volatile.Read(ref reads);

        public override async Task<RunChartLines> ReadAsync(long runId, ChartXAxis axis, ChartSmoothing smoothing, (double Min, double Max)? range)
        {
            Interlocked.Increment(ref reads);
            var lines = await base.ReadAsync(runId, axis, smoothing, range);
            FirstReadDone.TrySetResult();
            await Gate.Task;
            return lines;
        }
    }

    private static MetricPointDto Loss(int step) => new(MetricNames.Loss, step, 0, 10.0 / step, T0.AddSeconds(step));

    private static async Task StoreLossAsync(StoreServices store, long runId, params int[] steps)
    {
        var batch = new RunBatch(runId);
        foreach (var step in steps) batch.Metrics.Add(new MetricSample(MetricNames.Loss, step, 0, 10.0 / step, T0.AddSeconds(step)));
        await store.Writer.WriteAsync(batch, T0);
    }

    private async Task<(StoreServices Store, long RunId, GatedHistory History, IRenderedComponent<RunChartsTab> Tab)> OpenWithHistoryAsync()
    {
        var store = await StoreServices.CreateAsync();
        var run = await store.Runs.CreateAsync(new NewRun("live", RunKind.Pretrain, "lewel-b", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 100));
        await StoreLossAsync(store, run.Id, 1, 2, 3, 4, 5);
        var history = new GatedHistory(store.Metrics);
        Services.AddSingleton<RunChartHistory>(history);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // The app's layout holds it; the chart controls' select lists draw into it.
        Render<MudPopoverProvider>();
        var tab = Render<RunChartsTab>(p => p.Add(t => t.RunId, run.Id));
        tab.WaitForAssertion(() => Assert.Contains("Reading the history", tab.Find("[data-testid=loss-chart]").TextContent));
        // What the tests store or publish from here on comes after the read.
        await history.FirstReadDone.Task.WaitAsync(Bound);
        return (store, run.Id, history, tab);
    }

    [Fact]
    public async Task BatchesPublishedWhileTheHistoryIsRead_AreAppendedAfterIt()
    {
        var (store, _, history, tab) = await OpenWithHistoryAsync();
        await using var _ = store;

        await tab.InvokeAsync(() => tab.Instance.Append([Loss(6), Loss(7)])).WaitAsync(Bound);
        Assert.Equal("0", tab.Find("[data-testid=loss-chart]").GetAttribute("data-points"));
        history.Gate.SetResult();

        tab.WaitForAssertion(() => Assert.Equal("7", tab.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal(1, history.Reads);
        Assert.DoesNotContain("Reading the history", tab.Markup);
    }

    [Fact]
    public async Task AStateAheadOfTheReadUnderWay_ReadsOnceMoreAfterIt_AndThenAppendsTheHeldBatches()
    {
        var (store, runId, history, tab) = await OpenWithHistoryAsync();
        await using var _ = store;
        // Stored after the read and before the page subscribed: only the subscribed state tells of them.
        await StoreLossAsync(store, runId, 6, 7);
        await tab.InvokeAsync(() => tab.Instance.CatchUpAsync(new Dictionary<string, MetricPointDto> { [MetricNames.Loss] = Loss(7) })).WaitAsync(Bound);
        await tab.InvokeAsync(() => tab.Instance.Append([Loss(8)])).WaitAsync(Bound);
        history.Gate.SetResult();

        tab.WaitForAssertion(() => Assert.Equal("8", tab.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal(2, history.Reads);
    }

    [Fact]
    public async Task AStateTheReadCovers_ReadsNothingMore()
    {
        var (store, _, history, tab) = await OpenWithHistoryAsync();
        await using var _ = store;
        await tab.InvokeAsync(() => tab.Instance.CatchUpAsync(new Dictionary<string, MetricPointDto> { [MetricNames.Loss] = Loss(5) })).WaitAsync(Bound);
        history.Gate.SetResult();

        tab.WaitForAssertion(() => Assert.Equal("5", tab.Find("[data-testid=loss-chart]").GetAttribute("data-points")));
        Assert.Equal(1, history.Reads);
    }
}
