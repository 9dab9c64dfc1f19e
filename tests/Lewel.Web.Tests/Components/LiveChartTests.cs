using Bunit;
using Lewel.Web.Components.Charts;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class LiveChartTests : MudComponentTest
{
    private static ChartFeed Feed(params (string Name, double[] Ys)[] lines)
    {
        var feed = new ChartFeed();
        feed.Replace(lines.Select((l, i) => new LiveSeries(l.Name, ChartPalette.At(i), [.. l.Ys.Select((y, x) => new LivePoint(x, y, y, y))])));
        return feed;
    }

    [Fact]
    public void FirstRender_SendsTheWholeHistoryOnceWithNaNAsAGap()
    {
        var feed = Feed(("total", [4, 3, double.NaN, 2]));
        var chart = Render<LiveChart>(p => p.Add(c => c.Feed, feed).Add(c => c.Title, "Loss").Add(c => c.TestId, "loss-chart"));

        var create = Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.create");
        var json = System.Text.Json.JsonSerializer.Serialize(create.Arguments[3]);
        Assert.Contains("\"points\":[[0,4],[1,3],[2,null],[3,2]]", json);
        Assert.Equal("4", chart.Find("[data-testid=loss-chart]").GetAttribute("data-points"));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "lewelCharts.append");
    }

    [Fact]
    public void Append_SendsOnlyTheNewPoints_ReplaceSendsEverythingAgain()
    {
        var feed = Feed(("total", [4, 3]), ("aligned", [2, 1]));
        var chart = Render<LiveChart>(p => p.Add(c => c.Feed, feed));

        Assert.True(feed.Append("aligned", 2, 0.5));
        Assert.False(feed.Append("global", 2, 9));
        chart.Render();
        var append = Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.append");
        Assert.Equal("[[1,2,0.5]]", System.Text.Json.JsonSerializer.Serialize(append.Arguments[1]));
        Assert.Equal("5", chart.Find(".lewel-live-chart").GetAttribute("data-points"));

        chart.Render();
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.append");

        feed.Replace([new LiveSeries("total", "#000", [new LivePoint(0, 1, 1, 1)])]);
        chart.Render();
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.setData");
    }

    [Fact]
    public void EmptyFeed_ShowsTheEmptyTextAndCreatesNoChart()
    {
        var chart = Render<LiveChart>(p => p.Add(c => c.Feed, new ChartFeed()).Add(c => c.EmptyText, "No kNN evaluation yet."));
        Assert.Contains("No kNN evaluation yet.", chart.Find(".lewel-chart-empty").TextContent);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "lewelCharts.create");
    }

    [Fact]
    public void ChartsInAGroup_ShareTheGroupName_AndAZoomReachesThePageOnce()
    {
        (double Min, double Max)? reported = null;
        var calls = 0;
        var feed = Feed(("total", [4, 3]));
        var group = Render<ChartGroup>(p => p
            .Add(g => g.RangeChanged, (Action<(double Min, double Max)?>)(r => { reported = r; calls++; }))
            .AddChildContent<LiveChart>(c => c.Add(x => x.Feed, feed)));

        var register = Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.registerGroup");
        var create = Assert.Single(JSInterop.Invocations, i => i.Identifier == "lewelCharts.create");
        Assert.Equal(register.Arguments[0], create.Arguments[2]);

        group.InvokeAsync(() => group.Instance.OnRangeChanged(10, 20));
        Assert.Equal((10.0, 20.0), reported);
        Assert.Contains("10–20", group.Find("[data-testid=zoom-range]").TextContent);
        group.InvokeAsync(() => group.Instance.OnRangeChanged(null, null));
        Assert.Null(reported);
        Assert.Equal(2, calls);
        Assert.Empty(group.FindAll("[data-testid=zoom-range]"));
    }
}
