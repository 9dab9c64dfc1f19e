using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class StatisticsTests
{
    [Fact]
    public void Median_OddCount_IsTheMiddleValue() => Assert.Equal(3, Statistics.Median([5, 1, 3]));

    [Fact]
    public void Median_EvenCount_IsTheMeanOfTheMiddleTwo() => Assert.Equal(2.5, Statistics.Median([4, 1, 2, 3]));

    [Fact]
    public void Median_NoValues_Throws() => Assert.Throws<ArgumentException>(() => Statistics.Median([]));
}
