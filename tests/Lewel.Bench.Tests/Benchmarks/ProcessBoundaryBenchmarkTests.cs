using Lewel.Bench.Benchmarks;
using Lewel.Engine.Config;
using static Lewel.Bench.Benchmarks.ProcessBoundaryBenchmark;

namespace Lewel.Bench.Tests.Benchmarks;

public class ProcessBoundaryBenchmarkTests
{
    private static BoundaryRun Run(string side, int order, double start, double stepsPerSecond, double total, double? call = null) =>
        new(Tiny.Name, side, order, 0.5, 0.1, 1.1, 0.05, start, call, call is null ? null : call / 2, stepsPerSecond, total, 200, 2.5);

    [Fact]
    public void Order_AlternatesWhichSideGoesFirst() =>
        Assert.Equal([InProcess, Child, Child, InProcess, InProcess, Child], Order(3));

    [Fact]
    public void Summarise_MediansPerSideAndChildOverInProcessRatios()
    {
        BoundaryRun[] runs =
        [
            Run(InProcess, 1, 2.0, 50, 6.0, call: 1.5), Run(Child, 2, 2.5, 49, 6.5),
            Run(Child, 3, 9.0, 10, 20.0) with { Retaken = true }, Run(Child, 3, 2.75, 48, 7.0),
            Run(InProcess, 4, 2.5, 52, 6.5, call: 1.75),
        ];
        var s = Summarise(Tiny, runs);
        Assert.Equal((2.25, 1.625, 0.8125, 2.625), (s.InProcessStartSeconds, s.InProcessCallSeconds, s.InProcessWarmCallSeconds, s.ChildStartSeconds));
        Assert.Equal((51.0, 48.5, 6.25, 6.75, 2), (s.InProcessStepsPerSecond, s.ChildStepsPerSecond, s.InProcessTotalSeconds, s.ChildTotalSeconds, s.Repetitions));
        Assert.Equal(2.625 / 2.25, s.StartRatio, 9);
        Assert.Equal(51 / 48.5, s.StepTimeRatio, 9);
        Assert.Equal(6.75 / 6.25, s.TotalRatio, 9);
    }

    [Fact]
    public void Pairs_NeighbouringRunsInTheOrder_LeaveRetakenRunsOut()
    {
        BoundaryRun[] runs =
        [
            Run(InProcess, 1, 2.0, 50, 6.0, call: 1.5), Run(Child, 2, 2.5, 40, 7.5),
            Run(Child, 3, 9.0, 10, 20.0) with { Retaken = true }, Run(Child, 3, 3.0, 25, 8.0), Run(InProcess, 4, 2.0, 20, 4.0, call: 1.5),
            Run(InProcess, 5, 2.0, 50, 6.0, call: 1.5), // its partner is missing
        ];
        var pairs = Pairs(runs, Tiny.Name);
        Assert.Equal([new PairRatios(1.25, 1.25, 1.25), new PairRatios(1.5, 0.8, 2.0)], pairs);
        Assert.Empty(Pairs(runs, Realistic.Name));
    }

    [Fact]
    public void Summarise_OneSideMissing_Throws() =>
        Assert.Throws<ArgumentException>(() => Summarise(Tiny, [Run(InProcess, 1, 2, 50, 6, call: 1.5)]));

    [Fact]
    public void Config_TinyPoint_IsTheIssuesRun()
    {
        var c = Tiny.Config(threads: 1);
        Assert.Equal((MethodIds.LewelB, 0.0625, 16, 8, 200, 1), (c.Method, c.Width, c.ImageSize, c.BatchSize, c.Steps, c.Threads));
        Assert.Equal("shapes:size=16,n=64,seed=3", c.Dataset);
        Assert.Equal((32, 16, 32, 2), (c.Heads.ProjectorHidden, c.Heads.Dim, c.Heads.PredictorHidden, c.Lewel.NumHeads));
        Assert.Equal((0, 0, 0), (c.Monitor.KnnEveryEpochs, c.Monitor.SnapshotEverySteps, c.Monitor.CheckpointEverySteps));
        Assert.Null(c.Epochs);
        Assert.Empty(RunConfigValidator.Validate(c));
    }
}
