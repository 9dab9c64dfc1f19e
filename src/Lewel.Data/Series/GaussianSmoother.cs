namespace Lewel.Data.Series;

/// <summary>Centred Gaussian smoothing with standard deviation <c>sigma</c> (in points), the kernel cut at 3σ and
/// renormalised over the finite values it covers, so the ends of the series are averages of what exists. The newest
/// point therefore uses only past values until later points arrive. Non-finite values are passed through.</summary>
public static class GaussianSmoother
{
    public static IReadOnlyList<SeriesPoint> Smooth(IReadOnlyList<SeriesPoint> points, double sigma)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "the Gaussian sigma must be a finite number ≥ 0.");
        if (sigma < 0.5) return points;
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[radius + 1];
        for (var k = 0; k <= radius; k++) kernel[k] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        var result = new SeriesPoint[points.Count];
        for (var i = 0; i < points.Count; i++) result[i] = points[i] with { Value = At(points, i, kernel) };
        return result;
    }

    /// <summary>The smoothed value at <paramref name="index"/> from the points that exist now.</summary>
    public static double At(IReadOnlyList<SeriesPoint> points, int index, double[] kernel)
    {
        var centre = points[index].Value;
        if (!double.IsFinite(centre)) return centre;
        var radius = kernel.Length - 1;
        double sum = 0, weight = 0;
        for (var j = Math.Max(0, index - radius); j <= Math.Min(points.Count - 1, index + radius); j++)
        {
            var v = points[j].Value;
            if (!double.IsFinite(v)) continue;
            var w = kernel[Math.Abs(j - index)];
            sum += w * v;
            weight += w;
        }
        return sum / weight;
    }
}
