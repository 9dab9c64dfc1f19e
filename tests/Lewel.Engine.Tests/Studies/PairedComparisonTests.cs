using Lewel.Engine.Studies;

namespace Lewel.Engine.Tests.Studies;

public class PairedComparisonTests
{
    [Fact]
    public void Difference_IsLewelMinusBaselinePerSeed_WithTheIntervalOfTheDifferences()
    {
        var baseline = new Dictionary<long, double> { [1] = 60.1, [2] = 61.3, [3] = 59.8 };
        var lewel = new Dictionary<long, double> { [1] = 62.0, [2] = 62.9, [3] = 61.1 };
        var comparison = PairedComparison.Of(baseline, lewel);
        Assert.Equal([1L, 2L, 3L], comparison.Seeds.Select(s => s.Seed));
        Assert.Equal(1.9, comparison.Seeds[0].Difference, 10);
        // numpy: d = [1.9, 1.6, 1.3]; mean 1.6, std(ddof=1) 0.3, half width t.ppf(0.975, 2) * 0.3 / sqrt(3)
        Assert.Equal(1.6, comparison.Difference!.Mean, 10);
        Assert.Equal(0.3, comparison.Difference.StandardDeviation!.Value, 10);
        Assert.Equal(0.7452413135250924, comparison.Difference.HalfWidth!.Value, 8);
        Assert.Empty(comparison.UnpairedSeeds);
    }

    [Fact]
    public void PairingRemovesTheSpreadBothArmsShare()
    {
        // Seeds move both arms by a lot; LEWEL is always exactly 1 better, so the paired interval is [1, 1].
        var baseline = new Dictionary<long, double> { [1] = 50, [2] = 70, [3] = 60 };
        var lewel = baseline.ToDictionary(p => p.Key, p => p.Value + 1);
        var comparison = PairedComparison.Of(baseline, lewel);
        Assert.Equal(1, comparison.Difference!.Mean, 10);
        Assert.Equal(0, comparison.Difference.HalfWidth!.Value, 10);
        Assert.True(SampleSummary.Of(baseline.Values).HalfWidth > 20);
    }

    [Fact]
    public void SeedsOnlyOneArmHas_AreLeftOutAndListed()
    {
        var baseline = new Dictionary<long, double> { [1] = 1, [2] = 2, [4] = 4 };
        var lewel = new Dictionary<long, double> { [1] = 2, [3] = 3, [4] = 6 };
        var comparison = PairedComparison.Of(baseline, lewel);
        Assert.Equal([1L, 4L], comparison.Seeds.Select(s => s.Seed));
        Assert.Equal([2L, 3L], comparison.UnpairedSeeds);
        Assert.Equal(1.5, comparison.Difference!.Mean, 10);
    }

    [Fact]
    public void NoCommonSeed_GivesNoDifference() =>
        Assert.Null(PairedComparison.Of(new Dictionary<long, double> { [1] = 1 }, new Dictionary<long, double> { [2] = 2 }).Difference);
}
