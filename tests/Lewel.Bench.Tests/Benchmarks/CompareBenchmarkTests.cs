using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Benchmarks;

public class CompareBenchmarkTests
{
    private static StepMeasurement Make(string implementation, double step, double forward) =>
        new(implementation, "byol", "cfg", 8, 32, 0.25, 1, 2, step, step,
            new Dictionary<string, double> { [Phases.OnlineForward] = forward, [Phases.Backward] = step - forward }, 100, 4, 3);

    [Fact]
    public void Summarise_TwoRepetitions_TakesMediansOfTheStepTimes()
    {
        CompareRun[] runs =
        [
            new(0, Make(StepMeasurement.Engine, 3.0, 1.0)),
            new(0, Make(StepMeasurement.PyTorch, 4.0, 2.0)),
            new(1, Make(StepMeasurement.PyTorch, 6.0, 2.0)),
            new(1, Make(StepMeasurement.Engine, 5.0, 1.0)),
        ];
        var summary = Assert.Single(CompareBenchmark.Summarise(runs));
        Assert.Equal((2, 8), (summary.Repetitions, summary.BatchSize));
        Assert.Equal(4.0, summary.EngineStepSeconds);
        Assert.Equal(5.0, summary.ReferenceStepSeconds);
        Assert.Equal(0.8, summary.Ratio, 12);
        Assert.Equal([3.0, 5.0], summary.EngineRunSeconds);
        Assert.Equal(1.0, summary.EnginePhases[Phases.OnlineForward]);
        Assert.Equal(2.0, summary.ReferencePhases[Phases.OnlineForward]);
    }
}
