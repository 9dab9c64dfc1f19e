using Bunit;
using Lewel.Web.Components.Pages.Runs;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class RunThroughputStatsTests : MudComponentTest
{
    [Fact]
    public void RunThroughputStats_ShowsTheTrainingStepAndTheEndToEndFigureEachLabelled()
    {
        var stats = Render<RunThroughputStats>(p => p
            .Add(s => s.StepImagesPerSecond, 30.04)
            .Add(s => s.Step, 6)
            .Add(s => s.BatchSize, 8)
            .Add(s => s.Elapsed, TimeSpan.FromSeconds(28)));

        Assert.Equal("30 img/s", stats.Find("[data-testid=stat-step-throughput]").TextContent);
        Assert.Equal("1.7 img/s", stats.Find("[data-testid=stat-end-to-end-throughput]").TextContent);
        var labels = stats.FindAll(".lewel-stat-label").Select(l => l.TextContent).ToArray();
        Assert.Equal(["training step img/s", "end-to-end img/s"], labels);
        Assert.Contains("incl. evaluation and snapshots", stats.Markup);
    }

    [Fact]
    public void RunThroughputStats_BeforeTheFirstStep_ShowsNoEndToEndFigure()
    {
        var stats = Render<RunThroughputStats>(p => p.Add(s => s.Step, 0).Add(s => s.BatchSize, 8).Add(s => s.Elapsed, TimeSpan.FromSeconds(3)));
        Assert.Equal("—", stats.Find("[data-testid=stat-end-to-end-throughput]").TextContent);
    }
}
