using Lewel.Engine.Evaluation.Embeddings;
using Lewel.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

[Collection(SerialTorchCollection.Name)]
public class EmbeddingProjectionTests
{
    /// <summary>Points spread 3× wider along feature 2 than along feature 5 and barely elsewhere.</summary>
    private static Tensor Bank(int n, long seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var bank = randn(n, 8, generator: generator) * 0.01;
        bank[.., 2] += randn(n, generator: generator) * 3;
        bank[.., 5] += randn(n, generator: generator);
        return bank;
    }

    [Fact]
    public void Compute_FindsTheTwoWidestDirectionsInOrder()
    {
        using var scope = NewDisposeScope();
        var bank = Bank(200, 1);
        var rows = EmbeddingProjection.KeptRows(200);
        var projection = EmbeddingProjection.Compute(bank, rows, new int[200], step: 10, epoch: 0);

        var feature2 = bank[.., 2].data<float>().ToArray();
        var feature5 = bank[.., 5].data<float>().ToArray();
        Assert.True(Math.Abs(Correlation(projection.X, feature2)) > 0.99, "the first axis is feature 2");
        Assert.True(Math.Abs(Correlation(projection.Y, feature5)) > 0.99, "the second axis is feature 5");
        Assert.InRange(projection.ExplainedVariance[0], 0.85, 0.95); // 9 / (9 + 1 + small)
        Assert.True(projection.ExplainedVariance[1] < projection.ExplainedVariance[0]);
    }

    [Fact]
    public void AlignedTo_FlipsAnAxisThatPointsAgainstThePreviousMonitorPoint()
    {
        var previous = new EmbeddingProjection(1, 0, [0, 1, 2], [0, 0, 1], [1, 2, 3], [3, -1, 0], [0.5, 0.2]);
        var mirrored = previous with { Step = 2, X = [-1.1f, -2, -3], Y = [3, -1.2f, 0] };

        var aligned = mirrored.AlignedTo(previous);

        Assert.Equal([1.1f, 2, 3], aligned.X);
        Assert.Equal([3, -1.2f, 0], aligned.Y);
        Assert.Same(mirrored, mirrored.AlignedTo(null));
    }

    [Fact]
    public void KeptRows_OfALargeBank_AreAtMostTheLimitAndEvenlySpread()
    {
        var rows = EmbeddingProjection.KeptRows(25_000);
        Assert.Equal(EmbeddingProjection.MaxPoints, rows.Length);
        Assert.Equal(0, rows[0]);
        Assert.Equal(rows.Distinct().Count(), rows.Length);
        Assert.InRange(rows[^1], 24_990, 24_999);
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
