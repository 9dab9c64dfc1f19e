using Lewel.Engine.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Losses;

public class ChunkedInfoNceTests
{
    private static Tensor UnitRows(long rows, long dim, Generator generator) =>
        nn.functional.normalize(randn([rows, dim], dtype: float64, generator: generator), dim: 1);

    /// <summary>A query that is a function of a parameter (as the network's ℓ2-normalised output is), so the gradient
    /// is checked where the network receives it, through the normalisation, not only at the query itself.</summary>
    private static (Tensor Value, Tensor Gradient) LossAndGradient(Func<Tensor, Tensor, Tensor, Tensor> loss, Tensor raw, Tensor key, Tensor negatives)
    {
        var parameter = raw.clone().requires_grad_(true);
        var value = loss(nn.functional.normalize(parameter, dim: 1), key, negatives);
        value.backward();
        return (value.detach(), parameter.grad!.clone());
    }

    [Theory]
    [InlineData(1L << 24)]   // one chunk
    [InlineData(97L)]        // 97 / (Q + 1) = 2 rows a chunk, the last chunk shorter
    [InlineData(1L)]         // one row a chunk (the budget is smaller than a row)
    public void Loss_Float64_EqualsThePlainInfoNceInValueAndGradient(long budget)
    {
        var generator = new Generator(11, CPU);
        var raw = randn([37, 16], dtype: float64, generator: generator) * 3;
        var key = UnitRows(37, 16, generator);
        var negatives = UnitRows(47, 16, generator).t();

        var (plain, plainGradient) = LossAndGradient((q, k, n) => InfoNce.Loss(q, k, n, 0.2), raw, key, negatives);
        var (chunked, chunkedGradient) = LossAndGradient((q, k, n) => ChunkedInfoNce.Loss(q, k, n, 0.2, budget), raw, key, negatives);

        Assert.Equal(plain.item<double>(), chunked.item<double>(), 1e-10);
        var worst = (plainGradient - chunkedGradient).abs().max().item<double>();
        Assert.True(worst < 1e-6 * Math.Max(1, plainGradient.abs().max().item<double>()), $"largest gradient difference {worst:G3}");
        Assert.True(plainGradient.abs().max().item<double>() > 1e-3, "the gradient must not be trivially zero");
    }

    [Fact]
    public void Loss_SharpLogits_StaysFiniteAndMatches()
    {
        // τ = 0.01 puts logits near ±100: a naive exp would overflow in float32, the max-shift must not.
        var generator = new Generator(5, CPU);
        var raw = randn([12, 8], generator: generator);
        var key = nn.functional.normalize(randn([12, 8], generator: generator), dim: 1);
        var negatives = nn.functional.normalize(randn([8, 30], generator: generator), dim: 0);

        var (plain, plainGradient) = LossAndGradient((q, k, n) => InfoNce.Loss(q, k, n, 0.01), raw, key, negatives);
        var (chunked, chunkedGradient) = LossAndGradient((q, k, n) => ChunkedInfoNce.Loss(q, k, n, 0.01, 64), raw, key, negatives);

        Assert.True(double.IsFinite(chunked.item<float>()));
        Assert.Equal(plain.item<float>(), chunked.item<float>(), 3);
        Assert.True((plainGradient - chunkedGradient).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void Loss_GradientReachesOnlyTheQuery()
    {
        var q = nn.functional.normalize(randn(4, 3), dim: 1).requires_grad_(true);
        var k = nn.functional.normalize(randn(4, 3), dim: 1).requires_grad_(true);
        var negatives = nn.functional.normalize(randn(3, 5), dim: 0).requires_grad_(true);
        ChunkedInfoNce.Loss(q, k, negatives, 0.2, logitBudget: 6).backward();
        Assert.NotNull(q.grad);
        Assert.Null(k.grad);
        Assert.Null(negatives.grad);
    }

    [Fact]
    public void Loss_BadShapesOrBudget_Throw()
    {
        Assert.Throws<ArgumentException>(() => ChunkedInfoNce.Loss(randn(2, 3), randn(2, 4), randn(3, 4), 0.2));
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => ChunkedInfoNce.Loss(randn(2, 3), randn(2, 3), randn(3, 4), 0)).ParamName);
        Assert.Equal("logitBudget", Assert.Throws<ArgumentOutOfRangeException>(() => ChunkedInfoNce.Loss(randn(2, 3), randn(2, 3), randn(3, 4), 0.2, 0)).ParamName);
    }
}
