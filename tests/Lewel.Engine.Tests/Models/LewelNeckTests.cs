using Lewel.Engine.Models.Necks;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Models;

public class LewelNeckTests
{
    [Fact]
    public void Aggregate_EqualsTheBruteForceSumOverPositions()
    {
        const int B = 2, C = 8, H = 2, W = 2, K = 4, M = 2, P = H * W, N = K / M;
        var x = randn(B, C, P);
        var a = softmax(randn(B, K, P), 2);
        var v = LewelNeck.Aggregate(x, a, M);
        Assert.Equal(new long[] { B, C, N }, v.shape);

        var xs = TensorAssert.Values(x);
        var aS = TensorAssert.Values(a);
        var expected = new double[B * C * N];
        for (var b = 0; b < B; b++)
        for (var m = 0; m < M; m++)
        for (var i = 0; i < C / M; i++)
        for (var j = 0; j < N; j++)
        {
            var c = m * (C / M) + i;
            var k = m * N + j;
            var sum = 0.0;
            for (var p = 0; p < P; p++)
                sum += xs[(b * C + c) * P + p] * aS[(b * K + k) * P + p];
            expected[(b * C + c) * N + j] = sum;
        }
        TensorAssert.Close(expected, v, 1e-5, "V");
    }

    [Fact]
    public void AlignmentMaps_NormaliseOverChannelsDivideByScaleSoftmaxOverPositions()
    {
        const int B = 2, K = 3, P = 5;
        const double s = 0.5;
        var logits = randn(B, K, P);
        var maps = LewelNeck.AlignmentMaps(logits, s);
        var l = TensorAssert.Values(logits);
        var expected = new double[B * K * P];
        for (var b = 0; b < B; b++)
        {
            var normalised = new double[K, P];
            for (var p = 0; p < P; p++)
            {
                var norm = Math.Sqrt(Enumerable.Range(0, K).Sum(k => l[(b * K + k) * P + p] * l[(b * K + k) * P + p]));
                for (var k = 0; k < K; k++) normalised[k, p] = l[(b * K + k) * P + p] / norm / s;
            }
            for (var k = 0; k < K; k++)
            {
                var total = Enumerable.Range(0, P).Sum(p => Math.Exp(normalised[k, p]));
                for (var p = 0; p < P; p++) expected[(b * K + k) * P + p] = Math.Exp(normalised[k, p]) / total;
            }
        }
        TensorAssert.Close(expected, maps, 1e-5, "maps");
    }

    [Fact]
    public void Forward_ShapesAndMapsSumToOneOverPositions()
    {
        using var neck = new LewelNeck(inChannels: 8, hiddenChannels: 16, dim: 12, numHeads: 4);
        var output = neck.call(randn(3, 8, 2, 3));
        Assert.Equal(new long[] { 3, 12 }, output.Global.shape);
        Assert.Equal(new long[] { 3, 12, 3 }, output.Aligned.shape);
        Assert.Equal(new long[] { 3, 12, 6 }, output.Maps.shape);
        TensorAssert.Close(ones(3, 12), output.Maps.sum(2), 1e-5, "Σ_p maps");
        Assert.Equal(3, neck.NumAligned);
    }

    [Fact]
    public void Forward_GlobalIsColumnZeroOfOneCallOnPooledAndPixels()
    {
        using var neck = new LewelNeck(8, 16, 4, 2);
        var x = randn(4, 8, 2, 2);
        var output = neck.call(x);
        var pixels = x.flatten(2);
        var pooled = pixels.mean([2], keepdim: true);
        var once = neck.Projector.call(cat([pooled, pixels], 2));
        TensorAssert.Close(once.select(2, 0), output.Global, 1e-5, "global embedding");
        // In train mode BN statistics differ when g runs on the pooled column alone or on the mean of the pixel outputs.
        TensorAssert.NotClose(neck.Projector.call(pooled).squeeze(-1), output.Global, 1e-3, "g(pooled) alone");
        TensorAssert.NotClose(once.narrow(2, 1, 4).mean([2]), output.Global, 1e-3, "mean of pixel projections");

        neck.eval();
        var evaluated = neck.call(x);
        TensorAssert.Close(neck.Projector.call(pooled).squeeze(-1), evaluated.Global, 1e-5, "g(pooled) in eval mode");
    }

    [Fact]
    public void Forward_AlignedIsSecondProjectorOfRawFeaturesPooledByTheMaps()
    {
        using var neck = new LewelNeck(8, 16, 4, 2, scale: 0.7);
        var x = randn(4, 8, 2, 2);
        var output = neck.call(x);
        var pixels = x.flatten(2);
        var logits = neck.Projector.call(cat([pixels.mean([2], keepdim: true), pixels], 2)).narrow(2, 1, 4);
        var maps = LewelNeck.AlignmentMaps(logits, 0.7);
        TensorAssert.Close(maps, output.Maps, 1e-5, "maps");
        TensorAssert.Close(neck.AlignedProjector.call(LewelNeck.Aggregate(pixels, maps, 2)), output.Aligned, 1e-5, "aligned");
    }

    [Fact]
    public void Forward_GradientReachesTheInputThroughBothMapsAndValues()
    {
        using var neck = new LewelNeck(8, 16, 4, 2);
        var x = randn(2, 8, 2, 2);
        var weights = randn(2, 4, 2);

        var full = x.clone().requires_grad_(true);
        (neck.call(full).Aligned * weights).sum().backward();

        var mapPath = x.clone().requires_grad_(true);
        var valuePath = x.clone().requires_grad_(true);
        (neck.Forward(mapPath, valuePath).Aligned * weights).sum().backward();

        Assert.True(mapPath.grad!.abs().sum().item<float>() > 1e-6, "no gradient through the maps");
        Assert.True(valuePath.grad!.abs().sum().item<float>() > 1e-6, "no gradient through the values");
        TensorAssert.Close(full.grad!, mapPath.grad! + valuePath.grad!, 1e-4, "full gradient vs sum of the two paths");
    }

    [Fact]
    public void StateDictKeys_AreProjAndProjObj()
    {
        using var neck = new LewelNeck(8, 16, 4, 2);
        var keys = neck.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "proj.mlp.0.weight", "proj.mlp.1.running_mean", "proj.mlp.3.weight", "proj_obj.mlp.0.weight", "proj_obj.mlp.3.weight" })
            Assert.Contains(key, keys);
        Assert.Equal(14, keys.Count);
    }

    [Theory]
    [InlineData(8, 6, 4, "K = 6")]   // M does not divide K
    [InlineData(6, 8, 4, "C = 6")]   // M does not divide C
    public void Constructor_GroupsNotDividing_NamesTheDimension(int channels, int dim, int heads, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => new LewelNeck(channels, 16, dim, heads));
        Assert.Contains(named, error.Message);
    }
}
