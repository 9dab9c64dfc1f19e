using Lewel.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training;

public class HealthCheckTests
{
    [Fact]
    public void EmbeddingStd_RandomDirections_IsAboutOneOverRootD()
    {
        using var scope = NewDisposeScope();
        var std = HealthCheck.EmbeddingStd(randn([512, 64], generator: new Generator(3, CPU))).item<float>();
        Assert.InRange(std, 0.9 / 8, 1.1 / 8);
    }

    [Fact]
    public void EmbeddingStd_CollapsedEmbeddings_IsZeroAndWarns()
    {
        using var scope = NewDisposeScope();
        var std = HealthCheck.EmbeddingStd(ones(16, 64) * 3).item<float>();
        Assert.Equal(0, std, 6);

        var report = HealthCheck.Assess(DateTimeOffset.UtcNow, 40, 1000, 64, std, null, loss: 1.2, firstLoss: 3.9);
        Assert.True(report.CollapseWarning);
        Assert.Contains("collapsed to one point", report.Warning);
    }

    [Fact]
    public void Assess_LowStdFromTheStart_DoesNotWarn_ButAFallFromTheFirstValueDoes()
    {
        // d = 32: the absolute threshold is 0.1/√32 ≈ 0.0177. MoCo's BN-free projector starts below it.
        var start = HealthCheck.Assess(DateTimeOffset.UtcNow, 10, 1000, 32, 0.012, null, loss: 8.1, firstLoss: 8.3, firstEmbeddingStd: 0.012);
        var training = HealthCheck.Assess(DateTimeOffset.UtcNow, 40, 1000, 32, 0.013, null, loss: 7.2, firstLoss: 8.3, firstEmbeddingStd: 0.012);
        var collapsing = HealthCheck.Assess(DateTimeOffset.UtcNow, 400, 1000, 32, 0.004, null, loss: 6.9, firstLoss: 8.3, firstEmbeddingStd: 0.012);

        Assert.False(start.CollapseWarning, start.Warning);
        Assert.False(training.CollapseWarning, training.Warning);
        Assert.True(collapsing.CollapseWarning);
        Assert.Contains("under 50 % of its first value 0.012", collapsing.Warning);
    }

    [Fact]
    public void Assess_LossNearZeroEarly_Warns_ButLateInTheRunDoesNot()
    {
        var early = HealthCheck.Assess(DateTimeOffset.UtcNow, 50, 5000, 256, 0.06, 0.97, loss: 0.001, firstLoss: 3.97);
        var late = HealthCheck.Assess(DateTimeOffset.UtcNow, 4000, 5000, 256, 0.06, 0.97, loss: 0.001, firstLoss: 3.97);
        var healthy = HealthCheck.Assess(DateTimeOffset.UtcNow, 50, 5000, 256, 0.06, 0.97, loss: 2.1, firstLoss: 3.97);

        Assert.True(early.CollapseWarning);
        Assert.Contains("trivial solution", early.Warning);
        Assert.False(late.CollapseWarning);
        Assert.False(healthy.CollapseWarning);
        Assert.Null(healthy.Warning);
        Assert.Equal(1 / 16.0, healthy.ExpectedStd, 12);
    }

    [Fact]
    public void MapEntropyRatio_IsOneForUniformAndNearZeroForOneHotMaps()
    {
        using var scope = NewDisposeScope();
        var uniform = full(new long[] { 2, 3, 4, 4 }, 1.0f / 16);
        var oneHot = zeros(2, 3, 16);
        oneHot[.., .., 5] = tensor(1.0f);

        Assert.Equal(1.0, HealthCheck.MapEntropyRatio(uniform)!.item<float>(), 5);
        Assert.Equal(0.0, HealthCheck.MapEntropyRatio(oneHot)!.item<float>(), 5);
        Assert.Null(HealthCheck.MapEntropyRatio(ones(2, 3, 1)));
    }
}
