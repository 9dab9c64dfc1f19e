namespace Lewel.Engine.Data.Shapes;

/// <summary>A colour with channels on the [0, 1] scale.</summary>
internal readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb Random(ref SeededRandom random) => new(random.NextDouble(), random.NextDouble(), random.NextDouble());

    public static Rgb Lerp(Rgb a, Rgb b, double t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public Rgb Scale(double factor) => new(R * factor, G * factor, B * factor);

    /// <summary>Euclidean distance from this colour to the nearest colour on the segment from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public double DistanceToSegment(Rgb a, Rgb b)
    {
        double ex = b.R - a.R, ey = b.G - a.G, ez = b.B - a.B;
        double wx = R - a.R, wy = G - a.G, wz = B - a.B;
        var lengthSquared = ex * ex + ey * ey + ez * ez;
        var t = lengthSquared > 0 ? Math.Clamp((wx * ex + wy * ey + wz * ez) / lengthSquared, 0, 1) : 0;
        double dx = wx - ex * t, dy = wy - ey * t, dz = wz - ez * t;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
