using Lewel.Engine.Studies;

namespace Lewel.Engine.Tests.Studies;

public class StudentTTests
{
    // scipy.stats.t.ppf(p, df)
    [Theory]
    [InlineData(0.975, 1, 12.706204736174698)]
    [InlineData(0.975, 2, 4.302652729749464)]
    [InlineData(0.975, 3, 3.182446305284263)]
    [InlineData(0.975, 4, 2.7764451051977934)]
    [InlineData(0.975, 5, 2.570581835636314)]
    [InlineData(0.975, 9, 2.2621571627982053)]
    [InlineData(0.975, 29, 2.045229642132703)]
    [InlineData(0.975, 30, 2.0422724563012373)]
    [InlineData(0.975, 100, 1.9839715184496334)]
    [InlineData(0.95, 1, 6.313751514675043)]
    [InlineData(0.995, 3, 5.84090930973332)] // also the bisection of the closed-form df 3 CDF
    public void Quantile_MatchesReferenceValues(double probability, double df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(probability, df), 8);

    [Fact]
    public void Quantile_TendsToTheNormalQuantileForManyDegreesOfFreedom() =>
        Assert.Equal(1.959963984540054, StudentT.Quantile(0.975, 1e7), 5);

    [Fact]
    public void Quantile_IsSymmetricAroundZero()
    {
        Assert.Equal(-StudentT.Quantile(0.975, 4), StudentT.Quantile(0.025, 4), 10);
        Assert.Equal(0, StudentT.Quantile(0.5, 4));
    }

    [Theory]
    [InlineData(1.0, 1, 0.75)] // Cauchy: 1/2 + atan(1)/π
    [InlineData(2.0, 2, 0.9082482904638631)] // df 2: 1/2 + t / (2 √(2 + t²))
    [InlineData(-2.0, 2, 0.09175170953613688)]
    public void Cdf_MatchesClosedForms(double t, double df, double expected) =>
        Assert.Equal(expected, StudentT.Cdf(t, df), 12);

    [Fact]
    public void Quantile_RefusesProbabilitiesOutsideTheOpenUnitInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.975, 0));
    }
}
