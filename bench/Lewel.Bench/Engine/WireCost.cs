using System.Diagnostics;
using Lewel.Engine.Hosting;
using Lewel.Engine.Training.Events;

namespace Lewel.Bench.Engine;

/// <summary>The CPU time the process boundary adds to each step on top of the pipe itself: the child encoding a
/// <see cref="StepCompleted"/> as a <see cref="JobWire"/> line and the supervisor decoding it, timed in this process.</summary>
public static class WireCost
{
    /// <summary>Microseconds per encode + decode of one step's event, the median of <paramref name="rounds"/> rounds of
    /// <paramref name="iterations"/> each (after one unmeasured round).</summary>
    public static double MicrosecondsPerStep(int iterations = 20_000, int rounds = 5)
    {
        var step = new StepCompleted(DateTimeOffset.UtcNow, 123, 4, 2.4370467662811279, 1.2185233831405640, 1.2185233831405640,
            0.03125, 0.99609375, 245.83126, 0.00012345, 0.0321);
        var sink = 0;
        double Round()
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
                if (JobWire.Decode(JobWire.Encode(step with { Step = i })).Event is StepCompleted decoded) sink += decoded.Step & 1;
            return watch.Elapsed.TotalSeconds / iterations * 1e6;
        }
        Round();
        var result = Measurement.Statistics.Median(Enumerable.Range(0, rounds).Select(_ => Round()));
        GC.KeepAlive(sink);
        return result;
    }
}
