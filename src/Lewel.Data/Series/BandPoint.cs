namespace Lewel.Data.Series;

/// <summary>One drawn point of a decimated series: <see cref="Value"/> is the line, <see cref="Low"/> and
/// <see cref="High"/> the smallest and largest raw value it stands for (equal to the value when it stands for one point).
/// <see cref="X"/> is in the chart's x units.</summary>
public readonly record struct BandPoint(double X, double Value, double Low, double High);

/// <summary>Shrinks a series to a point budget while keeping its extremes as a band: consecutive points are grouped into
/// equal buckets; each bucket becomes one point at its mean x with the mean of its (smoothed) values as the line and the
/// min and max of its raw values as the band. NaN and infinities never enter a mean; a bucket of only non-finite values
/// stays NaN, so a divergence shows as a gap.</summary>
public static class BandDecimator
{
    public static IReadOnlyList<BandPoint> Decimate(IReadOnlyList<double> x, IReadOnlyList<double> shown, IReadOnlyList<double> raw, int maxPoints)
    {
        if (x.Count != shown.Count || x.Count != raw.Count) throw new ArgumentException("x, shown and raw must have the same length.");
        if (maxPoints < 1) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "maxPoints must be at least 1.");
        var count = x.Count;
        var buckets = Math.Min(count, maxPoints);
        var result = new List<BandPoint>(buckets);
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)b * count / buckets);
            var end = (int)((long)(b + 1) * count / buckets);
            double sumX = 0, sumShown = 0, low = double.PositiveInfinity, high = double.NegativeInfinity;
            var finite = 0;
            for (var i = start; i < end; i++)
            {
                sumX += x[i];
                if (double.IsFinite(shown[i]))
                {
                    sumShown += shown[i];
                    finite++;
                }
                if (double.IsFinite(raw[i]))
                {
                    low = Math.Min(low, raw[i]);
                    high = Math.Max(high, raw[i]);
                }
            }
            var value = finite > 0 ? sumShown / finite : double.NaN;
            if (double.IsPositiveInfinity(low)) (low, high) = (value, value);
            result.Add(new BandPoint(sumX / (end - start), value, Math.Min(low, value), Math.Max(high, value)));
        }
        return result;
    }
}
