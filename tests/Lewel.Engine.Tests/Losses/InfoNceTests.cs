using Lewel.Engine.Losses;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Losses;

public class InfoNceTests
{
    [Fact]
    public void Loss_HandValues_IsCrossEntropyWithThePositiveFirst()
    {
        const double tau = 0.5;
        double[][] q = [[1, 0], [0.6, 0.8]];
        double[][] k = [[0.8, 0.6], [0, 1]];
        double[][] queue = [[1, 0], [0, 1], [-1, 0]];   // three negatives, as columns of [D, Q]
        var expected = 0.0;
        for (var r = 0; r < 2; r++)
        {
            var positive = Dot(q[r], k[r]) / tau;
            var logits = new[] { positive }.Concat(queue.Select(n => Dot(q[r], n) / tau)).ToArray();
            var logSumExp = Math.Log(logits.Sum(Math.Exp));
            expected += (logSumExp - positive) / 2;
        }

        var loss = InfoNce.Loss(
            tensor(q.SelectMany(x => x).Select(x => (float)x).ToArray()).reshape(2, 2),
            tensor(k.SelectMany(x => x).Select(x => (float)x).ToArray()).reshape(2, 2),
            tensor(queue.SelectMany(x => x).Select(x => (float)x).ToArray()).reshape(3, 2).t(),
            tau);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_GradientReachesOnlyTheQuery()
    {
        var q = nn.functional.normalize(randn(4, 3), dim: 1).requires_grad_(true);
        var k = nn.functional.normalize(randn(4, 3), dim: 1).requires_grad_(true);
        var negatives = nn.functional.normalize(randn(3, 5), dim: 0).requires_grad_(true);
        InfoNce.Loss(q, k, negatives, 0.2).backward();
        Assert.NotNull(q.grad);
        Assert.Null(k.grad);
        Assert.Null(negatives.grad);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    public void Loss_NonPositiveTemperature_Throws(double tau)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => InfoNce.Loss(randn(2, 3), randn(2, 3), randn(3, 4), tau));
        Assert.Equal("temperature", error.ParamName);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
