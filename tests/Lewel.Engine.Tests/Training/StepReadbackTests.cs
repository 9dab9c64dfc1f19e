using System.Diagnostics;
using Lewel.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training;

public class StepReadbackTests
{
    private static StepInfo Info(int step) => new(step, 0, step - 1, 8, 16, 0.1, 0.99, 0.01, Stopwatch.GetTimestamp());

    [Fact]
    public void Flush_ReturnsEveryPendingStepInOrderAndEmptiesTheQueue()
    {
        using var readback = new StepReadback(readEvery: 3);
        using (var scope = NewDisposeScope())
        {
            readback.Add(Info(1), tensor(4.0f), tensor(3.0f), tensor(5.0f), null, null);
            Assert.False(readback.Due);
            readback.Add(Info(2), tensor(2.0f), tensor(2.0f), null, tensor(0.25f), tensor(0.9f));
            readback.Add(Info(3), tensor(1.0f), tensor(1.0f), tensor(1.0f), null, null);
        }
        Assert.True(readback.Due);

        var values = readback.Flush();

        Assert.Equal([1, 2, 3], values.Select(v => v.Info.Step));
        Assert.Equal((4.0, 3.0, (double?)5.0, (double?)null), (values[0].Loss, values[0].LossGlobal, values[0].LossAligned, values[0].EmbeddingStd));
        Assert.Null(values[1].LossAligned);
        Assert.Equal(0.25, values[1].EmbeddingStd!.Value, 6);
        Assert.Equal(0.9, values[1].MapEntropyRatio!.Value, 6);
        Assert.All(values, v => Assert.True(v.ComputeSeconds >= 0 && v.ImagesPerSecond > 0));
        Assert.Equal(0, readback.PendingCount);
        Assert.Empty(readback.Flush());
    }

    [Fact]
    public void DescribeTerms_NamesTheNonFiniteTerm()
    {
        using var readback = new StepReadback(1);
        using (var scope = NewDisposeScope())
            readback.Add(Info(7), tensor(float.NaN), tensor(float.PositiveInfinity), tensor(0.5f), null, null);
        var value = Assert.Single(readback.Flush());
        Assert.False(value.IsFinite);
        Assert.Equal("loss = NaN, loss_global = +inf, loss_aligned = 0.5", value.DescribeTerms());
    }

    [Fact]
    public void Add_KeepsOnlyOneSmallTensorPerStepAlive()
    {
        using var readback = new StepReadback(10);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var scope = NewDisposeScope())
            for (var i = 1; i <= 5; i++) readback.Add(Info(i), tensor(1.0f), tensor(1.0f), null, null, null);
        Assert.Equal(before + 5, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        readback.Flush();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
