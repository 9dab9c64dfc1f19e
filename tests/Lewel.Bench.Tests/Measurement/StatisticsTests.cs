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

    [Fact]
    public void StandardError_IsTheSampleDeviationOverRootN() => Assert.Equal(1.0, Statistics.StandardError([1, 3, 5, 7]) / Math.Sqrt(20.0 / 3 / 4), 9);

    [Fact]
    public void StandardError_OneValue_IsNaN() => Assert.True(double.IsNaN(Statistics.StandardError([1])));
}
