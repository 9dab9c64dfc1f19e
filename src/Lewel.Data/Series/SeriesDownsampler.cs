namespace Lewel.Data.Series;

/// <summary>Shrinks a long series for display while keeping every extreme: the points are cut into equal buckets and
/// each bucket contributes its minimum and its maximum (in step order), plus the first and last point overall. A
/// single spike therefore always survives, which plain striding or averaging would drop.</summary>
public static class SeriesDownsampler
{
    public const int MinimumPoints = 4;

    /// <summary>Returns at most <paramref name="maxPoints"/> points of <paramref name="points"/> (sorted by step).
    /// Non-finite values are extremes too (NaN sorts as the minimum), so a divergence stays visible.</summary>
    public static IReadOnlyList<SeriesPoint> MinMax(IReadOnlyList<SeriesPoint> points, int maxPoints)
    {
        if (maxPoints < MinimumPoints)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, $"maxPoints must be at least {MinimumPoints}.");
        if (points.Count <= maxPoints) return points;

        var result = new List<SeriesPoint>(maxPoints) { points[0] };
        var interiorStart = 1;
        var interiorCount = points.Count - 2;
        var buckets = (maxPoints - 2) / 2;
        for (var b = 0; b < buckets; b++)
        {
            var start = interiorStart + (int)((long)b * interiorCount / buckets);
            var end = interiorStart + (int)((long)(b + 1) * interiorCount / buckets);
            if (end <= start) continue;
            int minIndex = start, maxIndex = start;
            for (var i = start + 1; i < end; i++)
            {
                if (IsLess(points[i].Value, points[minIndex].Value)) minIndex = i;
                if (IsLess(points[maxIndex].Value, points[i].Value)) maxIndex = i;
            }
            if (minIndex == maxIndex)
            {
                result.Add(points[minIndex]);
            }
            else
            {
                result.Add(points[Math.Min(minIndex, maxIndex)]);
                result.Add(points[Math.Max(minIndex, maxIndex)]);
            }
        }
        result.Add(points[^1]);
        return result;
    }

    private static bool IsLess(double a, double b) => a.CompareTo(b) < 0;
}
