using Lewel.Engine.Config;
using Lewel.Engine.Losses;
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
    public void DataTerm_CountsTheOriginalsTheCropsComeFrom_NextToTheRunSizeCopies()
    {
        long Data(RunConfig c) => RunMemoryEstimator.Estimate(c).Terms.Single(t => t.Name == "data set in memory").Bytes;
        var config = Presets.For(MethodIds.LewelB, Presets.Small);
        // CIFAR at 32 px: one copy. STL-10 (8,000 test images known from the spec) at 32 px: the 96 px originals and the 32 px copies.
        Assert.Equal(60_000L * 32 * 32 * 3, Data(config with { Dataset = "cifar10:/data/cifar", ImageSize = 32 }));
        Assert.Equal(8_000L * (96 * 96 + 32 * 32) * 3, Data(config with { Dataset = "stl10:/data/stl10", ImageSize = 32 }));
        // At 16 px the default cap (64) scales the originals down: the decoded 96 px images, the 64 px originals, the copies.
        Assert.Equal(8_000L * (96 * 96 + 64 * 64 + 16 * 16) * 3, Data(config with { Dataset = "stl10:/data/stl10", ImageSize = 16 }));
        Assert.Equal(8_000L * 96 * 96 * 3, Data(config with { Dataset = "stl10:/data/stl10", ImageSize = 96 }));
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
    public void Estimate_OfLewelM_CountsTheAlignedQueue_AndTheAlignedLogitsOnlyAsFarAsOneChunk()
    {
        var config = Presets.For(MethodIds.LewelM, Presets.Small) with { Width = 0.25, BatchSize = 256, Moco = new MocoConfig { QueueSize = 4096, AlignedQueueSize = 1 << 20 } };
        var estimate = RunMemoryEstimator.Estimate(config);
        // Unchunked, 2 directions × B·N = 256 × 64 rows × (2^20 + 1) logits × 3 copies × 4 bytes would be ≈ 384 GiB; the
        // chunked loss holds at most DefaultLogitBudget logits (× 3 copies × 4 bytes = 192 MiB), beside the global
        // loss's 2 × 256 × 4097 × 3 × 4 bytes (24 MiB).
        var logits = estimate.Terms.Single(t => t.Name.StartsWith("contrastive logits", StringComparison.Ordinal));
        Assert.Equal("moco.alignedQueueSteps", logits.Field);
        Assert.Equal(3 * ChunkedInfoNce.DefaultLogitBudget * 4 + 3L * 2 * 256 * 4097 * 4, logits.Bytes);
        // 2 views × D = 256 × 2^20 aligned keys + 2 × 256 × 4096 global keys, 4 bytes each ≈ 2.01 GiB.
        var queues = estimate.Terms.Single(t => t.Name == "key queues");
        Assert.InRange(queues.Bytes, 2L << 30, (2L << 30) + (16L << 20));
    }

    [Fact]
    public void Estimate_OfAnEverydayRun_FitsThisMachine() =>
        Assert.Null(RunMemoryEstimator.Estimate(new RunConfig { Device = "cpu" }).RefusalOn("cpu", DeviceMemory.TotalBytes("cpu")!.Value));
}
