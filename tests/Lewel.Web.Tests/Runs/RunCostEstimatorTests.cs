using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Config;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Runs;

public class RunCostEstimatorTests
{
    private static readonly RunConfig Tiny = Presets.For(MethodIds.LewelB, Presets.Small) with
    {
        Dataset = "shapes:size=16,n=640,seed=1", Width = 0.0625, ImageSize = 16, BatchSize = 8, Epochs = 3, Steps = null, Device = "cpu",
    };

    [Fact]
    public void StepsOf_EpochsOfAShapesSet_DropsTheLastPartialBatch()
    {
        var (steps, perEpoch, note) = RunCostEstimator.StepsOf(Tiny with { Dataset = "shapes:size=16,n=645,seed=1" });
        Assert.Equal(80, perEpoch);
        Assert.Equal(240, steps);
        Assert.Equal("3 epochs × 80 steps", note);
    }

    [Fact]
    public void MemoryOf_ARunOnTheCpu_GivesTheEstimateAgainstTheMachinesMemory()
    {
        Assert.Matches(@"^≈ [\d.]+ GiB of [\d.]+ GiB on cpu$", RunCostEstimator.MemoryOf(Tiny));
        Assert.Null(RunCostEstimator.MemoryOf(Tiny with { Heads = null! }));
    }

    [Fact]
    public void StepsOf_ExplicitSteps_WinOverEpochs() => Assert.Equal(50, RunCostEstimator.StepsOf(Tiny with { Steps = 50 }).Steps);

    [Fact]
    public void StepsOf_AFolderDataSet_HasNoStepCountBeforeItIsOpened()
    {
        var (steps, _, note) = RunCostEstimator.StepsOf(Tiny with { Dataset = "folder:/data/images" });
        Assert.Null(steps);
        Assert.Contains("known once the data set is opened", note);
    }

    [Fact]
    public async Task EstimateAsync_WithoutEarlierRuns_SaysUnknown()
    {
        await using var services = await StoreServices.CreateAsync();
        var estimate = await new RunCostEstimator(services.Runs, services.Metrics).EstimateAsync(Tiny);
        Assert.Equal(240, estimate.Steps);
        Assert.Null(estimate.Duration);
        Assert.StartsWith("unknown: no earlier run", estimate.Basis);
    }

    [Fact]
    public async Task EstimateAsync_AfterARunOfTheSameShape_UsesItsMedianThroughput()
    {
        await using var services = await StoreServices.CreateAsync();
        var past = await services.Runs.CreateAsync(new NewRun("past", RunKind.Pretrain, Tiny.Method, (Tiny with { Epochs = 1 }).ToJson(),
            Tiny.Dataset, Tiny.Backbone, 0, "cpu", "cpu", 80));
        await services.Runs.UpdateAsync(past.Id, (r, now) => r.Start(r.ExecutionToken, "test", now));
        var batch = new RunBatch(past.Id) { Progress = (4, 80) };
        double[] throughput = [10, 40, 40, 1000];
        for (var step = 0; step < throughput.Length; step++)
            batch.Metrics.Add(new MetricSample("imagesPerSecond", step + 1, 0, throughput[step], DateTime.UtcNow));
        await services.Writer.WriteAsync(batch, DateTime.UtcNow);

        var estimate = await new RunCostEstimator(services.Runs, services.Metrics).EstimateAsync(Tiny);

        Assert.Equal(40, estimate.ImagesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(240 * 8 / 40.0), estimate.Duration);
        Assert.Contains($"run #{past.Id}", estimate.Basis);
        Assert.Contains("same shape", estimate.Basis);
    }

    [Fact]
    public async Task EstimateAsync_OnlyARunOfAnotherWidth_IsNotUsed()
    {
        await using var services = await StoreServices.CreateAsync();
        var other = Tiny with { Width = 0.25 };
        var past = await services.Runs.CreateAsync(new NewRun("wide", RunKind.Pretrain, other.Method, other.ToJson(), other.Dataset, other.Backbone,
            0, "cpu", "cpu", 80));
        await services.Runs.UpdateAsync(past.Id, (r, now) => r.Start(r.ExecutionToken, "test", now));
        var batch = new RunBatch(past.Id) { Progress = (1, 80) };
        batch.Metrics.Add(new MetricSample("imagesPerSecond", 1, 0, 50, DateTime.UtcNow));
        await services.Writer.WriteAsync(batch, DateTime.UtcNow);

        Assert.Equal(1, (await services.Runs.GetAsync(past.Id)).Step);

        var estimate = await new RunCostEstimator(services.Runs, services.Metrics).EstimateAsync(Tiny);
        Assert.Null(estimate.ImagesPerSecond);
        Assert.StartsWith("unknown", estimate.Basis);
    }
}
