using Lewel.Bench.Benchmarks;
using Lewel.Bench.Engine;

namespace Lewel.Bench.Tests.Engine;

public class TrainerRunTests
{
    [Fact]
    public void Execute_FewSteps_ReportsThroughputDataWaitAndMemory()
    {
        var r = TrainerRun.Execute("byol", TrainBenchmark.Tiny, steps: 5, threads: 2, rssAtStep: 2, smallHeads: true);
        Assert.Equal(("byol", 5, true), (r.Method, r.Steps, r.SmallHeads));
        Assert.True(r.ImagesPerSecond > 0);
        Assert.True(r.DataWaitSeconds >= 0);
        Assert.Equal([2, 4], r.Rss.Select(s => s.Step)); // every multiple of rssAtStep, taken during the run
        Assert.All(r.Rss, s => Assert.True(s.RssMb > 50));
        Assert.True(double.IsFinite(r.FinalLoss));
    }
}
