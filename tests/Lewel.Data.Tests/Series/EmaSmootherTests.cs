using Lewel.Data.Series;

namespace Lewel.Data.Tests.Series;

public class EmaSmootherTests
{
    private static SeriesPoint[] Values(params double[] values) =>
        [.. values.Select((v, i) => new SeriesPoint(i, 0, v, DateTime.UnixEpoch))];

    [Fact]
    public void Smooth_ConstantSeries_StaysConstantFromTheFirstPoint()
    {
        // Without the bias correction the first smoothed value would be (1 − 0.9)·3 = 0.3.
        var smoothed = EmaSmoother.Smooth(Values(3, 3, 3, 3), 0.9);
        Assert.All(smoothed, p => Assert.Equal(3, p.Value, 12));
    }

    [Fact]
    public void Smooth_MatchesHandComputedDebiasedValues()
    {
        var smoothed = EmaSmoother.Smooth(Values(1, 2, 4), 0.5);
        // s1 = 0.5 → 0.5/0.5 = 1; s2 = 0.25 + 1 = 1.25 → 1.25/0.75; s3 = 0.625 + 2 = 2.625 → 2.625/0.875 = 3.
        Assert.Equal(1, smoothed[0].Value, 12);
        Assert.Equal(1.25 / 0.75, smoothed[1].Value, 12);
        Assert.Equal(3, smoothed[2].Value, 12);
        Assert.Equal([0, 1, 2], smoothed.Select(p => p.Step));
    }

    [Fact]
    public void Smooth_NanIsPassedThroughAndSkipped()
    {
        var smoothed = EmaSmoother.Smooth(Values(2, double.NaN, 2), 0.6);
        Assert.True(double.IsNaN(smoothed[1].Value));
        Assert.Equal(2, smoothed[2].Value, 12);
    }

    [Fact]
    public void Smooth_WeightZero_ReturnsTheInput()
    {
        var points = Values(1, 5, 2);
        Assert.Same(points, EmaSmoother.Smooth(points, 0));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Smooth_WeightOutsideRange_Throws(double weight)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmaSmoother.Smooth(Values(1), weight));
    }
}
