using Lewel.Data.Series;

namespace Lewel.Web.Runs;

/// <summary>Smooths points appended live the way <see cref="ChartSmoothing.Apply"/> smooths the history, from the state
/// the history left (so no history is read again): the EMA's running average, the running mean's window, the last 3σ
/// values for the Gaussian (an appended point is the Gaussian of what exists so far, as the newest point of a full
/// read is).</summary>
public sealed class LiveSmoother
{
    private readonly ChartSmoothing smoothing;
    private readonly Queue<double> recent = new();
    private readonly double[] kernel = [];
    private readonly int window;
    private double average;
    private double correction = 1;
    private double sum;

    private LiveSmoother(ChartSmoothing smoothing)
    {
        this.smoothing = smoothing;
        window = smoothing.Kind switch
        {
            SmoothingKind.RunningMean => Math.Max(1, (int)Math.Round(smoothing.Amount)),
            SmoothingKind.Gaussian when !smoothing.IsNone => (int)Math.Ceiling(3 * smoothing.Amount) + 1,
            _ => 0,
        };
        if (smoothing.Kind == SmoothingKind.Gaussian && !smoothing.IsNone)
        {
            kernel = new double[window];
            for (var k = 0; k < window; k++) kernel[k] = Math.Exp(-0.5 * k * k / (smoothing.Amount * smoothing.Amount));
        }
    }

    public static LiveSmoother After(ChartSmoothing smoothing, IEnumerable<SeriesPoint> history)
    {
        var smoother = new LiveSmoother(smoothing);
        foreach (var p in history) smoother.Push(p.Value);
        return smoother;
    }

    /// <summary>The smoothed value of the next raw value (non-finite values pass through, as in a full read).</summary>
    public double Push(double value)
    {
        if (!double.IsFinite(value) || smoothing.IsNone) return value;
        switch (smoothing.Kind)
        {
            case SmoothingKind.Ema:
                average = smoothing.Amount * average + (1 - smoothing.Amount) * value;
                correction *= smoothing.Amount;
                return average / (1 - correction);
            case SmoothingKind.RunningMean:
                recent.Enqueue(value);
                sum += value;
                if (recent.Count > window) sum -= recent.Dequeue();
                return sum / recent.Count;
            default:
                recent.Enqueue(value);
                if (recent.Count > window) recent.Dequeue();
                double weighted = 0, weight = 0;
                var k = 0;
                foreach (var v in recent.Reverse())
                {
                    weighted += kernel[k] * v;
                    weight += kernel[k];
                    k++;
                }
                return weighted / weight;
        }
    }
}
