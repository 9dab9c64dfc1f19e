using Lewel.Engine.Studies;

namespace Lewel.Engine.Tests.Studies;

public class SampleSummaryTests
{
    // numpy: mean, std(ddof=1); half width = t.ppf(0.975, n-1) * s / sqrt(n)
    [Fact]
    public void FourValues_GiveTheSampleStdAndTheTInterval()
    {
        var summary = SampleSummary.Of([1, 2, 3, 4]);
        Assert.Equal(4, summary.Count);
        Assert.Equal(2.5, summary.Mean, 12);
        Assert.Equal(1.2909944487358056, summary.StandardDeviation!.Value, 12);
        Assert.Equal(2.054260256760879, summary.HalfWidth!.Value, 9);
        Assert.Equal(2.5 - 2.054260256760879, summary.Low!.Value, 9);
        Assert.Equal(2.5 + 2.054260256760879, summary.High!.Value, 9);
        Assert.Null(summary.NoIntervalReason);
    }

    [Fact]
    public void ThreeSeeds_UseTwoDegreesOfFreedom()
    {
        var summary = SampleSummary.Of([71.2, 70.4, 72.9]);
        Assert.Equal(71.5, summary.Mean, 10);
        Assert.Equal(1.2767145334803707, summary.StandardDeviation!.Value, 10);
        Assert.Equal(3.1715347197583195, summary.HalfWidth!.Value, 8);
        Assert.Equal("71.5 ± 3.17 [68.33, 74.67] (n=3)", summary.Describe());
    }

    [Fact]
    public void OneValue_HasNoIntervalAndSaysSo()
    {
        var summary = SampleSummary.Of([42.0]);
        Assert.Equal(42.0, summary.Mean);
        Assert.Null(summary.StandardDeviation);
        Assert.Null(summary.HalfWidth);
        Assert.False(summary.HasInterval);
        Assert.Contains("at least 2 seeds", summary.NoIntervalReason);
        Assert.Equal("42 (n=1, no interval)", summary.Describe());
    }

    [Fact]
    public void NoValuesOrNonFiniteValues_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => SampleSummary.Of([]));
        Assert.Throws<ArgumentException>(() => SampleSummary.Of([1.0, double.NaN]));
    }

    [Fact]
    public void IdenticalValues_GiveAZeroWidthInterval()
    {
        var summary = SampleSummary.Of([5.0, 5.0, 5.0]);
        Assert.Equal(0, summary.HalfWidth!.Value, 12);
    }
}
