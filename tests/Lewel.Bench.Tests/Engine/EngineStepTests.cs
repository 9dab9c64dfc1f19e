using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Engine;

public class EngineStepTests
{
    private static readonly BenchConfig Tiny = new("tiny", "resnet18", 0.125, 16, 4);

    // BYOL family: ≈ 4 at initialisation (lewel-method.md §10.20); MoCo family: InfoNCE over a 32,768-key queue, ≈ ln 32769 ≈ 10.4
    [Theory]
    [InlineData("lewel-b", 3, 5)]
    [InlineData("byol", 3, 5)]
    [InlineData("lewel-m", 6, 12)]
    public void Measure_TinyStep_TimesEveryEnginePhase(string method, double lossLow, double lossHigh)
    {
        var m = EngineStep.Measure(method, Tiny, warmup: 1, steps: 2, threads: 2);
        Assert.Equal((StepMeasurement.Engine, method, 4, 2), (m.Implementation, m.Method, m.BatchSize, m.Steps));
        string[] expected = [Phases.Data, Phases.Augmentation, Phases.OnlineForward, Phases.TargetForward, Phases.Backward, Phases.Optimizer, Phases.Ema];
        Assert.Equal(expected.Order(), m.PhaseMedianSeconds.Keys.Order());
        Assert.All(m.PhaseMedianSeconds.Values, s => Assert.True(s >= 0));
        Assert.True(m.PhaseMedianSeconds[Phases.TargetForward] > 0, "the target's forward hooks measured nothing");
        Assert.True(m.PhaseMedianSeconds.Values.Sum() <= m.MedianStepSeconds * 1.5);
        Assert.InRange(m.LossFirst, lossLow, lossHigh);
        Assert.True(m.MedianCpuSeconds > 0, "no CPU time was measured");
        Assert.Equal(expected.Order(), m.PhaseCpuMedianSeconds.Keys.Order());
        Assert.True(m.PhaseCpuMedianSeconds[Phases.TargetForward] > 0, "the target's CPU time was not measured");
    }
}
