namespace Lewel.Engine.Data.Shapes;

/// <summary>Exact signed distances (negative inside) to simple figures, in the figure's own coordinates.</summary>
internal static class SignedDistance
{
    public static double Circle(double x, double y, double radius) => Math.Sqrt(x * x + y * y) - radius;

    /// <summary>Axis-aligned box centred at the origin with half-sizes <paramref name="halfX"/>, <paramref name="halfY"/>.</summary>
    public static double Box(double x, double y, double halfX, double halfY)
    {
        double dx = Math.Abs(x) - halfX, dy = Math.Abs(y) - halfY;
        double ox = Math.Max(dx, 0), oy = Math.Max(dy, 0);
        return Math.Sqrt(ox * ox + oy * oy) + Math.Min(Math.Max(dx, dy), 0);
    }

    /// <summary>Distance to a closed polygon (any winding, simple or not: inside follows the even–odd rule).</summary>
    public static double Polygon(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x, double y)
    {
        var n = xs.Length;
        double best = double.MaxValue;
        var inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double ex = xs[j] - xs[i], ey = ys[j] - ys[i];
            double wx = x - xs[i], wy = y - ys[i];
            var t = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
            double bx = wx - ex * t, by = wy - ey * t;
            best = Math.Min(best, bx * bx + by * by);
            if ((ys[i] > y) != (ys[j] > y) && x < xs[i] + (y - ys[i]) * ex / ey) inside = !inside;
        }
        var distance = Math.Sqrt(best);
        return inside ? -distance : distance;
    }

    /// <summary>Distance to the segment from (ax, ay) to (bx, by), minus <paramref name="halfWidth"/> (a capsule).</summary>
    public static double Segment(double x, double y, double ax, double ay, double bx, double by, double halfWidth)
    {
        double ex = bx - ax, ey = by - ay, wx = x - ax, wy = y - ay;
        var lengthSquared = ex * ex + ey * ey;
        var t = lengthSquared > 0 ? Math.Clamp((wx * ex + wy * ey) / lengthSquared, 0, 1) : 0;
        double dx = wx - ex * t, dy = wy - ey * t;
        return Math.Sqrt(dx * dx + dy * dy) - halfWidth;
    }

    /// <summary>Fraction of a pixel covered by a figure whose signed distance (in pixels) at the pixel centre is
    /// <paramref name="distance"/>: a one-pixel linear ramp across the edge, 0.5 exactly on it.</summary>
    public static double Coverage(double distance) => Math.Clamp(0.5 - distance, 0, 1);
}
