using Lewel.Data.Series;

namespace Lewel.Data.Tests.Series;

public class SeriesDownsamplerTests
{
    private static SeriesPoint[] Noisy(int n, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => new SeriesPoint(i, i / 1000, 4 - i * 1e-5 + random.NextDouble() * 0.01, DateTime.UnixEpoch))];
    }

    [Fact]
    public void MinMax_100kPointsWithOneSpike_KeepsTheSpikeInAtMost2kPoints()
    {
        var points = Noisy(100_000);
        points[61_234] = points[61_234] with { Value = 50 };
        points[17_001] = points[17_001] with { Value = -3 };

        var reduced = SeriesDownsampler.MinMax(points, 2000);

        Assert.InRange(reduced.Count, 1000, 2000);
        Assert.Contains(reduced, p => p.Step == 61_234 && p.Value == 50);
        Assert.Contains(reduced, p => p.Step == 17_001 && p.Value == -3);
        Assert.Equal(0, reduced[0].Step);
        Assert.Equal(99_999, reduced[^1].Step);
        Assert.True(reduced.Zip(reduced.Skip(1)).All(pair => pair.First.Step < pair.Second.Step), "steps must stay in order");
    }

    [Fact]
    public void MinMax_KeepsANanSpike()
    {
        var points = Noisy(10_000);
        points[5_000] = points[5_000] with { Value = double.NaN };
        Assert.Contains(SeriesDownsampler.MinMax(points, 100), p => double.IsNaN(p.Value));
    }

    [Fact]
    public void MinMax_ShortSeries_IsReturnedUnchanged()
    {
        var points = Noisy(50);
        Assert.Same(points, SeriesDownsampler.MinMax(points, 50));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(101)]
    public void MinMax_NeverReturnsMoreThanAsked(int maxPoints)
    {
        Assert.True(SeriesDownsampler.MinMax(Noisy(1003), maxPoints).Count <= maxPoints);
    }

    [Fact]
    public void MinMax_TooFewPoints_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SeriesDownsampler.MinMax(Noisy(10), 3));
        Assert.Contains("maxPoints", e.Message);
    }
}
