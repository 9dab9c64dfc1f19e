using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Measurement;

public class StepArrivalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Step s arrives at 2 s + s × 0.1 s, except that step 1 arrives late (a slow first step).</summary>
    private static List<StepArrival> Arrivals(int steps) =>
        [.. Enumerable.Range(1, steps).Select(s => new StepArrival(s, T0.AddSeconds(s == 1 ? 2.5 : 2 + s * 0.1), 1.0 / s))];

    [Fact]
    public void ToFirstStep_IsTheArrivalOfStepOne() => Assert.Equal(2.5, StepArrivals.ToFirstStep(T0, Arrivals(20)), 9);

    [Fact]
    public void StepsPerSecond_LeavesTheWarmupStepsOut() => Assert.Equal(10, StepArrivals.StepsPerSecond(Arrivals(30)), 6);

    [Fact]
    public void StepsPerSecond_OrderOfArrivalsDoesNotMatter()
    {
        var shuffled = Arrivals(30);
        shuffled.Reverse();
        Assert.Equal(10, StepArrivals.StepsPerSecond(shuffled), 6);
    }

    [Fact]
    public void StepsPerSecond_NoStepAfterTheWarmup_Throws()
    {
        Assert.Throws<ArgumentException>(() => StepArrivals.StepsPerSecond(Arrivals(10)));
        Assert.Throws<ArgumentException>(() => StepArrivals.StepsPerSecond(Arrivals(5)));
    }

    [Fact]
    public void ToFirstStep_NoSteps_Throws() => Assert.Throws<ArgumentException>(() => StepArrivals.ToFirstStep(T0, []));
}
