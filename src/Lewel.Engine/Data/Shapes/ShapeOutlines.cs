namespace Lewel.Engine.Data.Shapes;

/// <summary>Signed distance of each <see cref="ShapeKind"/> in unit coordinates: the figure is centred on the origin
/// and fits inside the unit circle, so scaling by a radius R in pixels gives distances in pixels.</summary>
internal static class ShapeOutlines
{
    private static readonly (double[] X, double[] Y) Triangle = RegularPolygon(3, 1.0);
    private static readonly (double[] X, double[] Y) Hexagon = RegularPolygon(6, 0.92);
    private static readonly (double[] X, double[] Y) Star = StarPolygon(5, 1.0, 0.42);
    private static readonly (double[] X, double[] Y) Diamond = ([0, 0.58, 0, -0.58], [-1, 0, 1, 0]);
    private static readonly (double[] X, double[] Y) Heart = HeartPolygon(48);

    public static double Distance(ShapeKind kind, double x, double y) => kind switch
    {
        ShapeKind.Disc => SignedDistance.Circle(x, y, 0.8),
        ShapeKind.Square => SignedDistance.Box(x, y, 0.68, 0.68),
        ShapeKind.Triangle => SignedDistance.Polygon(Triangle.X, Triangle.Y, x, y),
        ShapeKind.Star => SignedDistance.Polygon(Star.X, Star.Y, x, y),
        ShapeKind.Cross => Math.Min(SignedDistance.Box(x, y, 0.95, 0.3), SignedDistance.Box(x, y, 0.3, 0.95)),
        ShapeKind.Ring => Math.Abs(Math.Sqrt(x * x + y * y) - 0.72) - 0.2,
        ShapeKind.Diamond => SignedDistance.Polygon(Diamond.X, Diamond.Y, x, y),
        ShapeKind.Hexagon => SignedDistance.Polygon(Hexagon.X, Hexagon.Y, x, y),
        ShapeKind.Crescent => Math.Max(SignedDistance.Circle(x, y, 0.9), -SignedDistance.Circle(x - 0.45, y, 0.75)),
        ShapeKind.Heart => SignedDistance.Polygon(Heart.X, Heart.Y, x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape"),
    };

    private static (double[] X, double[] Y) RegularPolygon(int sides, double radius)
    {
        var xs = new double[sides];
        var ys = new double[sides];
        for (var i = 0; i < sides; i++)
        {
            var angle = -Math.PI / 2 + 2 * Math.PI * i / sides;
            xs[i] = radius * Math.Cos(angle);
            ys[i] = radius * Math.Sin(angle);
        }
        return (xs, ys);
    }

    private static (double[] X, double[] Y) StarPolygon(int points, double outer, double inner)
    {
        var xs = new double[2 * points];
        var ys = new double[2 * points];
        for (var i = 0; i < 2 * points; i++)
        {
            var angle = -Math.PI / 2 + Math.PI * i / points;
            var r = i % 2 == 0 ? outer : inner;
            xs[i] = r * Math.Cos(angle);
            ys[i] = r * Math.Sin(angle);
        }
        return (xs, ys);
    }

    /// <summary>The classic parametric heart, centred on its bounding box and scaled into the unit circle.</summary>
    private static (double[] X, double[] Y) HeartPolygon(int vertices)
    {
        var xs = new double[vertices];
        var ys = new double[vertices];
        for (var i = 0; i < vertices; i++)
        {
            var t = 2 * Math.PI * i / vertices;
            xs[i] = 16 * Math.Pow(Math.Sin(t), 3);
            ys[i] = -(13 * Math.Cos(t) - 5 * Math.Cos(2 * t) - 2 * Math.Cos(3 * t) - Math.Cos(4 * t));
        }
        double cx = (xs.Max() + xs.Min()) / 2, cy = (ys.Max() + ys.Min()) / 2;
        var scale = 0.0;
        for (var i = 0; i < vertices; i++) scale = Math.Max(scale, Math.Sqrt(Math.Pow(xs[i] - cx, 2) + Math.Pow(ys[i] - cy, 2)));
        for (var i = 0; i < vertices; i++)
        {
            xs[i] = (xs[i] - cx) / scale;
            ys[i] = (ys[i] - cy) / scale;
        }
        return (xs, ys);
    }
}
