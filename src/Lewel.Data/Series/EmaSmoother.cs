namespace Lewel.Data.Series;

/// <summary>Exponential moving average with bias correction, as TensorBoard draws smoothed curves: with weight w,
/// s_t = w·s_{t−1} + (1−w)·x_t from s_0 = 0, shown as s_t / (1 − w^t). Without the correction the start of the curve
/// is pulled towards zero. Non-finite values are passed through and do not enter the average.</summary>
public static class EmaSmoother
{
    public static IReadOnlyList<SeriesPoint> Smooth(IReadOnlyList<SeriesPoint> points, double weight)
    {
        if (!(weight >= 0 && weight < 1))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "smoothing must be in [0, 1).");
        if (weight == 0) return points;

        var result = new SeriesPoint[points.Count];
        double average = 0, correction = 1;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!double.IsFinite(p.Value))
            {
                result[i] = p;
                continue;
            }
            average = weight * average + (1 - weight) * p.Value;
            correction *= weight;
            result[i] = p with { Value = average / (1 - correction) };
        }
        return result;
    }
}
