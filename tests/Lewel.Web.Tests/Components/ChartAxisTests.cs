using Lewel.Web.Components.Charts;

namespace Lewel.Web.Tests.Components;

public class ChartAxisTests
{
    [Fact]
    public void Fit_Linear_WidensToRoundTicksThatCoverTheValues()
    {
        var axis = ChartAxis.Fit([0.37, 3.96, 1.2], log: false, targetTicks: 4);
        Assert.True(axis.Min <= 0.37 && axis.Max >= 3.96);
        Assert.Equal(0, axis.Min);
        Assert.Equal(4, axis.Max);
        Assert.Equal([0, 1, 2, 3, 4], axis.Ticks);
    }

    [Fact]
    public void Fit_Log_UsesDecadesAndIgnoresNonPositiveValues()
    {
        var axis = ChartAxis.Fit([-1, 0, 0.02, 3.5, double.NaN], log: true);
        Assert.Equal(0.01, axis.Min, 12);
        Assert.Equal(10, axis.Max, 12);
        Assert.Equal(double.NaN, axis.Fraction(0));
        Assert.Equal(0.5, axis.Fraction(Math.Sqrt(0.01 * 10)), 9);
    }

    [Fact]
    public void Fit_SingleValue_GetsAVisibleRange()
    {
        var axis = ChartAxis.Fit([2.0, 2.0], log: false);
        Assert.True(axis.Min < 2 && axis.Max > 2);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1234.0, "1,234")]
    [InlineData(0.0001, "1e-4")]
    [InlineData(0.125, "0.125")]
    public void Format_GivesShortLabels(double value, string expected) => Assert.Equal(expected, ChartAxis.Format(value));
}

public class ChartAxisLabelTests
{
    [Fact]
    public void Label_NarrowAxis_GivesEveryTickADistinctLabel()
    {
        var axis = ChartAxis.Fit([0.99962, 0.99991, 1.0], log: false, targetTicks: 4);
        var labels = axis.Ticks.Select(axis.Label).ToList();
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Contains("0.9997", labels);
        Assert.Equal("1.0000", axis.Label(1.0));
    }

    [Fact]
    public void Label_WideAxis_HasNoNeedlessDecimals()
    {
        var axis = ChartAxis.Fit([0, 3.96], log: false, targetTicks: 4);
        Assert.Equal(["0", "1", "2", "3", "4"], axis.Ticks.Select(axis.Label));
    }
}
