using Bunit;
using Lewel.Web.Components.Charts;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class LineChartTests : MudComponentTest
{
    [Fact]
    public void LineChart_WithTwoSeries_DrawsOnePathEachAndTheLastValuesInTheLegend()
    {
        var loss = new ChartSeries("loss", [new(0, 4.0), new(10, 3.0), new(20, 2.5)]);
        var global = new ChartSeries("global", [new(0, 2.0), new(10, 1.5), new(20, 1.25)]);
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [loss, global]).Add(c => c.Title, "Loss"));

        var paths = chart.FindAll("path[data-series]");
        Assert.Equal(2, paths.Count);
        Assert.StartsWith("M", paths[0].GetAttribute("d"));
        Assert.Equal(3, paths[0].GetAttribute("d")!.Count(ch => ch is 'M' or 'L'));
        Assert.Contains("2.5", chart.Find(".lewel-chart-legend").TextContent);
        Assert.Equal("6", chart.Find("svg.lewel-chart-svg").GetAttribute("data-points"));
    }

    [Fact]
    public void LineChart_NaNValue_BreaksTheLineIntoTwoPieces()
    {
        var series = new ChartSeries("loss", [new(0, 1), new(1, 2), new(2, double.NaN), new(3, 2), new(4, 1)]);
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [series]));
        var d = chart.Find("path[data-series]").GetAttribute("d")!;
        Assert.Equal(2, d.Count(ch => ch == 'M'));
        Assert.Equal(2, d.Count(ch => ch == 'L'));
    }

    [Fact]
    public void LineChart_LogScale_LeavesOutNonPositiveValuesAndSaysSo()
    {
        var series = new ChartSeries("lr", [new(0, 0), new(1, 0.1), new(2, 1)]);
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [series]).Add(c => c.LogY, true));
        var d = chart.Find("path[data-series]").GetAttribute("d")!;
        Assert.Equal(1, d.Count(ch => ch == 'M'));
        Assert.Equal(1, d.Count(ch => ch == 'L'));
        Assert.Contains("log scale", chart.Markup);
    }

    [Fact]
    public void LineChart_WithoutPoints_ShowsTheEmptyText()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [new ChartSeries("loss", [])]).Add(c => c.EmptyText, "Waiting for the first step"));
        Assert.Empty(chart.FindAll("svg.lewel-chart-svg"));
        Assert.Contains("Waiting for the first step", chart.Markup);
    }

    [Fact]
    public void LineChart_ReferenceLine_IsDrawnWithItsLabel()
    {
        var chart = Render<LineChart>(p => p
            .Add(c => c.Series, [new ChartSeries("std", [new(0, 0.05), new(1, 0.06)])])
            .Add(c => c.ReferenceLines, [new ChartReferenceLine(0.0625, "1/√d")]));
        Assert.Contains("1/√d", chart.Find("text.reference").TextContent);
    }

    [Fact]
    public void LineChart_HoverData_CarriesEachSeriesStepsAndFormattedValues()
    {
        var chart = Render<LineChart>(p => p
            .Add(c => c.Series, [new ChartSeries("wait <share>", [new(1, 0.25), new(2, double.NaN)], "#123456")])
            .Add(c => c.ValueFormat, v => $"{v * 100:0} %"));
        var data = System.Text.Json.JsonDocument.Parse(chart.Find(".lewel-chart").GetAttribute("data-hover")!).RootElement;
        var series = Assert.Single(data.EnumerateArray());
        Assert.Equal("wait <share>", series.GetProperty("n").GetString());
        Assert.Equal("#123456", series.GetProperty("c").GetString());
        Assert.Equal([1.0, 2.0], series.GetProperty("x").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(["25 %", "NaN"], series.GetProperty("y").EnumerateArray().Select(y => y.GetString()));
        Assert.Equal(8, chart.Find("svg.lewel-chart-svg").GetAttribute("data-plot")!.Split(' ').Length);
    }

    [Fact]
    public void LineChart_SparseSeries_GetsADotPerPointAndDenseOnesDoNot()
    {
        var sparse = new ChartSeries("knn", [new(8, 16.0), new(16, 19.0), new(24, 17.5)]);
        var dense = new ChartSeries("loss", [.. Enumerable.Range(0, 100).Select(i => new ChartPoint(i, 4.0 - i * 0.01))]);
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [sparse, dense]));
        Assert.Equal(3, chart.FindAll("circle").Count);
    }
}
