namespace Lewel.Bench.Measurement;

/// <summary>When the caller of a run received the <c>StepCompleted</c> of step <see cref="Step"/> (UTC, so that times
/// taken in two processes on one machine compare).</summary>
public sealed record StepArrival(int Step, DateTimeOffset At, double Loss);

/// <summary>What a run's step arrivals say: how long the first step took to arrive and the steady step rate.</summary>
public static class StepArrivals
{
    /// <summary>Steps left out of <see cref="StepsPerSecond"/>: the first ones pay for one-time allocations and JIT.</summary>
    public const int WarmupSteps = 10;

    /// <summary>Seconds from <paramref name="start"/> to the arrival of the first step.</summary>
    public static double ToFirstStep(DateTimeOffset start, IReadOnlyList<StepArrival> arrivals) =>
        arrivals.Count == 0 ? throw new ArgumentException("the run reported no step", nameof(arrivals))
            : (arrivals.MinBy(a => a.Step)!.At - start).TotalSeconds;

    /// <summary>Steps per second over steps <paramref name="warmupSteps"/> + 1 … N: (N − warmup) divided by the wall time
    /// from the arrival of step <paramref name="warmupSteps"/> to that of step N, the last one.</summary>
    public static double StepsPerSecond(IReadOnlyList<StepArrival> arrivals, int warmupSteps = WarmupSteps)
    {
        var from = arrivals.FirstOrDefault(a => a.Step == warmupSteps)
                   ?? throw new ArgumentException($"no arrival of step {warmupSteps}, where the timed steps begin", nameof(arrivals));
        var last = arrivals.MaxBy(a => a.Step)!;
        if (last.Step <= warmupSteps) throw new ArgumentException($"the run has no step after step {warmupSteps}", nameof(arrivals));
        var seconds = (last.At - from.At).TotalSeconds;
        return seconds > 0 ? (last.Step - warmupSteps) / seconds : throw new ArgumentException("the timed steps took no time", nameof(arrivals));
    }
}
