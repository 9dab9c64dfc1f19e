using Lewel.Bench.Engine;

namespace Lewel.Bench.Tests.Engine;

public class KnnTimingTests
{
    [Fact]
    public void Measure_SmallBank_TimesTheSearch()
    {
        var point = KnnTiming.Measure(bankSize: 300, queries: 50, featureDim: 16, classes: 10, threads: 2, repeats: 2);
        Assert.Equal((300, 50, 16), (point.BankSize, point.Queries, point.FeatureDim));
        Assert.True(point.Seconds > 0);
    }
}
