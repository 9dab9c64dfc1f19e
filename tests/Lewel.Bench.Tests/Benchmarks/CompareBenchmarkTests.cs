using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Benchmarks;

public class CompareBenchmarkTests
{
    private static StepMeasurement Make(string implementation, string method, double forward, double backward, double augmentation = 0) =>
        new(implementation, method, "cfg", 8, 32, 0.25, 1, 2, forward + backward + augmentation, forward + backward + augmentation,
            new Dictionary<string, double> { [Phases.OnlineForward] = forward, [Phases.Backward] = backward, [Phases.Augmentation] = augmentation },
            100, 4, 3);

    [Fact]
    public void Summarise_TwoRepetitions_ComparesMediansOfTheModelPhasesOnly()
    {
        CompareRun[] runs =
        [
            new(0, Make(StepMeasurement.Engine, "byol", 1.0, 2.0)),
            new(0, Make(StepMeasurement.PyTorch, "byol", 2.0, 2.0, augmentation: 5)),
            new(1, Make(StepMeasurement.PyTorch, "byol", 2.0, 4.0, augmentation: 5)),
            new(1, Make(StepMeasurement.Engine, "byol", 1.0, 4.0)),
        ];
        var summary = Assert.Single(CompareBenchmark.Summarise(runs));
        Assert.Equal(2, summary.Repetitions);
        Assert.Equal(4.0, summary.EngineModelSeconds);     // median of 3 and 5
        Assert.Equal(5.0, summary.ReferenceModelSeconds);  // median of 4 and 6; augmentation is not a model phase
        Assert.Equal(0.8, summary.ModelRatio, 12);
        Assert.Equal(1.0, summary.EnginePhases[Phases.OnlineForward]);
    }
}
