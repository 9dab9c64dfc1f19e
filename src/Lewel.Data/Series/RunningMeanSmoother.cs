namespace Lewel.Data.Series;

/// <summary>Trailing running mean over the last <c>window</c> finite values (fewer at the start). Non-finite values are
/// passed through and do not enter the mean.</summary>
public static class RunningMeanSmoother
{
    public static IReadOnlyList<SeriesPoint> Smooth(IReadOnlyList<SeriesPoint> points, int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "the running-mean window must be at least 1.");
        if (window == 1) return points;
        var result = new SeriesPoint[points.Count];
        var recent = new Queue<double>(window);
        double sum = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!double.IsFinite(p.Value))
            {
                result[i] = p;
                continue;
            }
            recent.Enqueue(p.Value);
            sum += p.Value;
            if (recent.Count > window) sum -= recent.Dequeue();
            result[i] = p with { Value = sum / recent.Count };
        }
        return result;
    }
}
