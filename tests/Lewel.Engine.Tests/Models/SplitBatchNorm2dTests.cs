using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Models;

public class SplitBatchNorm2dTests
{
    private const int Channels = 3;
    private const int Splits = 4;

    private static SplitBatchNorm2d Norm()
    {
        var norm = new SplitBatchNorm2d(Channels, Splits);
        using var noGrad = no_grad();
        foreach (var (_, parameter) in norm.named_parameters()) parameter.copy_(randn(Channels));
        return norm;
    }

    [Fact]
    public void Training_NormalisesEachSubBatchWithItsOwnStatistics()
    {
        manual_seed(1);
        using var norm = Norm();
        var state = norm.state_dict();
        // Sub-batches with very different statistics, so one shared normalisation would not match.
        var input = randn(8, Channels, 5, 5) * arange(1, 9).view(8, 1, 1, 1) + arange(8).view(8, 1, 1, 1);

        var output = norm.call(input);

        for (var s = 0; s < Splits; s++)
        {
            var members = arange(s, 8, Splits, dtype: ScalarType.Int64);
            var chunk = input.index_select(0, members);
            var expected = nn.functional.batch_norm(chunk, zeros(Channels), ones(Channels), state["weight"], state["bias"], training: true);
            TensorAssert.Close(expected, output.index_select(0, members), 1e-4, $"sub-batch {s}");
        }
        var whole = nn.functional.batch_norm(input, zeros(Channels), ones(Channels), state["weight"], state["bias"], training: true);
        Assert.True((whole - output).abs().max().item<float>() > 0.1, "the output is a whole-batch normalisation");
    }

    [Fact]
    public void Training_RunningStatisticsFollowTheMeanOfTheSubBatchUpdates()
    {
        manual_seed(2);
        using var norm = Norm();
        var input = randn(8, Channels, 4, 4) + arange(8).view(8, 1, 1, 1);
        norm.call(input);

        var means = new List<Tensor>();
        var variances = new List<Tensor>();
        for (var s = 0; s < Splits; s++)
        {
            var (mean, variance) = (zeros(Channels), ones(Channels));
            nn.functional.batch_norm(input.index_select(0, arange(s, 8, Splits, dtype: ScalarType.Int64)), mean, variance, training: true);
            means.Add(mean);
            variances.Add(variance);
        }
        var state = norm.state_dict();
        TensorAssert.Close(stack(means).mean([0]), state["running_mean"], 1e-5, "running mean");
        TensorAssert.Close(stack(variances).mean([0]), state["running_var"], 1e-5, "running var");
        Assert.Equal(1, state["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Eval_IsPlainBatchNormWithTheRunningStatistics()
    {
        manual_seed(3);
        using var norm = Norm();
        norm.call(randn(8, Channels, 4, 4) * 3 + 1);
        norm.eval();
        var input = randn(6, Channels, 4, 4);   // any batch size in eval mode
        var state = norm.state_dict();
        var expected = nn.functional.batch_norm(input, state["running_mean"], state["running_var"], state["weight"], state["bias"], training: false);
        TensorAssert.Close(expected, norm.call(input), 1e-6, "eval output");
    }

    [Fact]
    public void StateDict_HasBatchNorm2dsKeysAndShapes()
    {
        using var split = new SplitBatchNorm2d(Channels, Splits);
        using var plain = nn.BatchNorm2d(Channels);
        var a = split.state_dict();
        var b = plain.state_dict();
        Assert.Equal(b.Keys.Order(), a.Keys.Order());
        foreach (var (key, tensor) in b)
            Assert.Equal(tensor.shape, a[key].shape);
    }

    [Fact]
    public void ResNet_WithSplitBatchNorm_HasTheUnsplitNetworksState()
    {
        using var split = new ResNet(ResNetSpec.ResNet18, 0.0625, ResNetStem.Small, 1, bnSplits: 2);
        using var plain = new ResNet(ResNetSpec.ResNet18, 0.0625, ResNetStem.Small, 1);
        Assert.Equal(plain.state_dict().Keys, split.state_dict().Keys);
        split.load_state_dict(plain.state_dict());
        plain.eval();
        split.eval();
        var input = randn(2, 3, 16, 16);
        TensorAssert.Close(plain.call(input), split.call(input), 1e-5, "eval outputs");
    }

    [Fact]
    public void Training_ABatchTheSplitsDoNotDivide_IsRefused()
    {
        using var norm = Norm();
        var error = Assert.Throws<ArgumentException>(() => norm.call(randn(6, Channels, 2, 2)));
        Assert.Contains("does not split into 4", error.Message);
    }
}
