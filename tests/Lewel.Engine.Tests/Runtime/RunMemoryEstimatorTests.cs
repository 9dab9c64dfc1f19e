using Lewel.Engine.Config;
using Lewel.Engine.Runtime;

namespace Lewel.Engine.Tests.Runtime;

public class RunMemoryEstimatorTests
{
    private const long KiB = 1024;

    /// <summary>The calibration runs: <c>/usr/bin/time -v lewel pretrain --method lewel-b --width W --image-size S
    /// --batch-size B --steps 3 --dataset shapes:size=S,n=1024,seed=1,test=100 --device cpu --threads 2</c> (knn and
    /// snapshots off, no warm-up), peak RSS in KiB as measured on the development machine.</summary>
    [Theory]
    [InlineData(0.25, 32, 64, 1_492_032)]
    [InlineData(0.25, 32, 256, 5_066_316)]
    [InlineData(0.5, 64, 64, 3_358_852)]
    public void Estimate_OfTheCalibrationRuns_IsAtLeastTheMeasuredPeak_AndAtMostAQuarterAbove(double width, int imageSize, int batch, long measuredKiB)
    {
        var config = Presets.For(MethodIds.LewelB, Presets.Small) with
        {
            Width = width, ImageSize = imageSize, BatchSize = batch, Steps = 3, Dataset = $"shapes:size={imageSize},n=1024,seed=1,test=100",
            Schedule = new ScheduleConfig { WarmupEpochs = 0 },
        };
        var estimate = RunMemoryEstimator.Estimate(config).TotalBytes;
        var measured = measuredKiB * KiB;
        Assert.InRange(estimate, measured, measured * 5 / 4);
    }

    [Fact]
    public void Estimate_GrowsWithBatchImageSizeAndWidth_AndNamesTheLargestTerm()
    {
        var small = Presets.For(MethodIds.MocoV2, Presets.Small) with { Width = 0.25, BatchSize = 64 };
        var baseline = RunMemoryEstimator.Estimate(small);
        Assert.True(RunMemoryEstimator.Estimate(small with { BatchSize = 128 }).TotalBytes > baseline.TotalBytes);
        Assert.True(RunMemoryEstimator.Estimate(small with { ImageSize = 64 }).TotalBytes > baseline.TotalBytes);
        Assert.True(RunMemoryEstimator.Estimate(small with { Width = 1 }).TotalBytes > baseline.TotalBytes);

        var huge = small with { Width = 4, ImageSize = 1024, BatchSize = 4096 };
        var estimate = RunMemoryEstimator.Estimate(huge);
        Assert.Equal("batchSize", estimate.Largest.Field);
        var refusal = estimate.RefusalOn("cpu", 128L << 30);
        Assert.NotNull(refusal);
        Assert.Equal("batchSize", refusal.Path);
        Assert.Matches(@"needs an estimated [\d.]+ GiB .*but cpu has 128 GiB", refusal.Message);
    }

    [Fact]
    public void Estimate_OfLewelM_CountsTheAlignedLogitsAgainstTheAlignedQueue()
    {
        var config = Presets.For(MethodIds.LewelM, Presets.Small) with { Width = 0.25, BatchSize = 256, Moco = new MocoConfig { QueueSize = 4096, AlignedQueueSize = 1 << 20 } };
        var estimate = RunMemoryEstimator.Estimate(config);
        Assert.Equal("moco.alignedQueueSize", estimate.Largest.Field);
        // 2 directions × B·N = 256 × 64 rows × (2^20 + 1) logits × 3 copies × 4 bytes ≈ 384 GiB.
        Assert.InRange(estimate.Largest.Bytes, 380L << 30, 390L << 30);
    }

    [Fact]
    public void Estimate_OfAnEverydayRun_FitsThisMachine() =>
        Assert.Null(RunMemoryEstimator.Estimate(new RunConfig { Device = "cpu" }).RefusalOn("cpu", DeviceMemory.TotalBytes("cpu")!.Value));
}
