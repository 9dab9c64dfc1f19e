using Lewel.Engine.Evaluation;
using Lewel.Engine.Training;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class EffectiveRankTests
{
    /// <summary>An [n, d] matrix U·diag(σ)·Vᵀ with orthonormal U, V: its singular values are exactly σ.</summary>
    private static Tensor WithSingularValues(int n, int d, double[] sigma, ulong seed)
    {
        var generator = new Generator(seed, CPU);
        var (u, _) = linalg.qr(randn([n, sigma.Length], dtype: float64, generator: generator));
        var (v, _) = linalg.qr(randn([d, sigma.Length], dtype: float64, generator: generator));
        return u.mm(diag(tensor(sigma, dtype: float64))).mm(v.t());
    }

    [Theory]
    [InlineData(200, 32, 32)]   // n ≥ d: through the Gram matrix
    [InlineData(200, 32, 5)]
    [InlineData(20, 64, 20)]    // n < d: singular values directly
    [InlineData(500, 16, 1)]
    public void RankMe_OfAMatrixWithREqualSingularValues_IsR(int n, int d, int rank)
    {
        var features = WithSingularValues(n, d, Enumerable.Repeat(3.0, rank).ToArray(), seed: (ulong)rank);
        Assert.Equal(rank, EffectiveRank.RankMe(features), 1e-3 * rank);
        Assert.Equal(rank, EffectiveRank.RankMe(features.to(float32)), 1e-2 * rank);
    }

    [Fact]
    public void RankMe_UnequalSingularValues_IsTheExponentialOfTheirEntropy()
    {
        double[] sigma = [4, 2, 1, 1];
        var p = sigma.Select(s => s / sigma.Sum()).ToArray();
        var expected = Math.Exp(-p.Sum(x => x * Math.Log(x)));   // ≈ 3.53: between 1 and 4
        Assert.Equal(expected, EffectiveRank.RankMe(WithSingularValues(100, 10, sigma, seed: 2)), 1e-4);
    }

    [Fact]
    public void RankMe_ChunkedGram_MatchesASingleChunk()
    {
        // More rows than one Gram chunk (8192) holds.
        var features = randn([9000, 8], dtype: float64, generator: new Generator(4, CPU)) * tensor(new double[] { 5, 4, 3, 2, 1, 1, 1, 0.1 }, dtype: float64);
        var singular = linalg.svdvals(features);
        var p = singular / singular.sum();
        var direct = Math.Exp(-(p * p.log()).sum().item<double>());
        Assert.Equal(direct, EffectiveRank.RankMe(features), 1e-4);
    }

    [Fact]
    public void RankMe_ZeroMatrixIsOne_AndBadShapesThrow()
    {
        Assert.Equal(1, EffectiveRank.RankMe(zeros(10, 4)));
        Assert.Throws<ArgumentException>(() => EffectiveRank.RankMe(zeros(10)));
        Assert.Throws<ArgumentException>(() => EffectiveRank.RankMe(zeros(0, 4)));
    }

    [Fact]
    public void AssessRank_WarnsBelowAFractionOfMinNd()
    {
        var low = HealthCheck.AssessRank(DateTimeOffset.UtcNow, 80, 4, rankMe: 2.5, samples: 1000, dim: 32);
        var healthy = HealthCheck.AssessRank(DateTimeOffset.UtcNow, 80, 4, rankMe: 12, samples: 1000, dim: 32);
        Assert.Equal(32, low.MaxRank);
        Assert.True(low.LowRankWarning);
        Assert.Contains("RankMe", low.Warning);
        Assert.False(healthy.LowRankWarning);
        Assert.Null(healthy.Warning);
    }
}
