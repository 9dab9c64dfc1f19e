namespace Lewel.Engine.Data.Shapes;

/// <summary>Draws one image of the <c>shapes</c> data set: a textured background, distractor clutter (thin lines and
/// small irregular fragments), the object (one <see cref="ShapeKind"/> with random colour, size, position, rotation and
/// shading) and, in about a quarter of the images, an occluder that hides part of the object. A
/// <see cref="ShapesScene.Plain"/> scene has a flat background and only the object. Each layer draws from its
/// own random stream, so leaving the object out or recolouring it (<see cref="ShapesRenderOverrides"/>) changes nothing
/// else in the picture.</summary>
internal static class ShapesRenderer
{
    private const double OcclusionProbability = 0.25;
    /// <summary>An occluder that would leave less than this fraction of the object visible is not drawn.</summary>
    private const double MinVisibleFraction = 0.7;

    /// <summary>Renders image <paramref name="seed"/> into <paramref name="rgb"/> (S·S·3) and its visible-object mask
    /// into <paramref name="mask"/> (S·S). A pixel's final colour is (1−o)·((1−a)·under + a·object) + o·occluder, with a
    /// and o the object's and the occluder's coverage; the mask is 1 exactly where the object's weight a·(1−o) is at
    /// least one half.</summary>
    public static void Render(int size, ulong seed, ShapeKind kind, Span<byte> rgb, Span<byte> mask, ShapesRenderOverrides? overrides = null,
        ShapesScene scene = ShapesScene.Cluttered)
    {
        overrides ??= ShapesRenderOverrides.None;
        var pixels = new PixelBuffer(size);
        var backgroundRandom = new SeededRandom(SeededRandom.Mix((long)seed, 1));
        var clutterRandom = new SeededRandom(SeededRandom.Mix((long)seed, 2));
        var objectRandom = new SeededRandom(SeededRandom.Mix((long)seed, 3));
        var occluderRandom = new SeededRandom(SeededRandom.Mix((long)seed, 4));

        var plain = scene != ShapesScene.Cluttered;
        var grayObject = scene is ShapesScene.Silhouette or ShapesScene.Stencil;
        var (first, second) = scene switch
        {
            ShapesScene.Stencil => BackgroundTexture.PaintFixedDarkGray(pixels, ref backgroundRandom),
            ShapesScene.Silhouette => BackgroundTexture.PaintDarkGray(pixels, ref backgroundRandom),
            ShapesScene.Plain => BackgroundTexture.PaintFlat(pixels, ref backgroundRandom),
            _ => BackgroundTexture.Paint(pixels, ref backgroundRandom),
        };
        if (!plain) DrawClutter(pixels, ref clutterRandom);

        var figure = ObjectFigure.Sample(kind, size, first, second, ref objectRandom, grayObject);
        var coverage = new double[size * size];
        var (x0, x1, y0, y1) = pixels.Clip(figure.CenterX - figure.Radius - 1, figure.CenterY - figure.Radius - 1,
            figure.CenterX + figure.Radius + 1, figure.CenterY + figure.Radius + 1);
        for (var y = y0; y < y1; y++)
        for (var x = x0; x < x1; x++)
            coverage[y * size + x] = SignedDistance.Coverage(figure.Distance(x + 0.5, y + 0.5));
        if (overrides.IncludeObject)
            for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
                pixels.Blend(x, y, overrides.ObjectColor ?? figure.ShadedColor(x + 0.5, y + 0.5), coverage[y * size + x]);

        var occluder = plain ? null : Occluder.Sample(figure, first, second, ref occluderRandom);
        var occluded = new double[size * size];
        if (occluder is not null)
        {
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                occluded[y * size + x] = SignedDistance.Coverage(occluder.Distance(x + 0.5, y + 0.5));
            if (VisibleFraction(coverage, occluded) < MinVisibleFraction) occluder = null;
        }
        if (occluder is not null)
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                pixels.Blend(x, y, occluder.Color, occluded[y * size + x]);
        else
            Array.Clear(occluded);

        for (var i = 0; i < coverage.Length; i++) mask[i] = (byte)(coverage[i] * (1 - occluded[i]) >= 0.5 ? 1 : 0);
        pixels.CopyTo(rgb);
    }

    private static double VisibleFraction(double[] coverage, double[] occluded)
    {
        int total = 0, visible = 0;
        for (var i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] < 0.5) continue;
            total++;
            if (coverage[i] * (1 - occluded[i]) >= 0.5) visible++;
        }
        return total == 0 ? 0 : (double)visible / total;
    }

    /// <summary>Test hooks: leave the object out, or paint it in one flat colour.</summary>
    internal sealed record ShapesRenderOverrides(bool IncludeObject = true, Rgb? ObjectColor = null)
    {
        public static readonly ShapesRenderOverrides None = new();
    }

    private static void DrawClutter(PixelBuffer pixels, ref SeededRandom random)
    {
        var size = pixels.Size;
        var count = random.NextInt(2, 6) + size / 48;
        for (var i = 0; i < count; i++)
        {
            var color = Rgb.Random(ref random);
            var opacity = random.NextDouble(0.6, 1);
            if (random.NextBool(0.6))
            {
                double ax = random.NextDouble(-0.1, 1.1) * size, ay = random.NextDouble(-0.1, 1.1) * size;
                double angle = random.NextDouble(0, 2 * Math.PI), length = random.NextDouble(0.3, 0.9) * size;
                double bx = ax + length * Math.Cos(angle), by = ay + length * Math.Sin(angle);
                var halfWidth = random.NextDouble(0.35, 0.8) * size / 32;
                pixels.Fill(Math.Min(ax, bx) - 2, Math.Min(ay, by) - 2, Math.Max(ax, bx) + 2, Math.Max(ay, by) + 2,
                    (x, y) => SignedDistance.Segment(x, y, ax, ay, bx, by, halfWidth), color, opacity);
            }
            else
            {
                double cx = random.NextDouble(0, size), cy = random.NextDouble(0, size);
                var radius = random.NextDouble(0.05, 0.12) * size;
                var vertices = random.NextInt(3, 6);
                var angles = new double[vertices];
                for (var v = 0; v < vertices; v++) angles[v] = random.NextDouble(0, 2 * Math.PI);
                Array.Sort(angles);
                var xs = new double[vertices];
                var ys = new double[vertices];
                for (var v = 0; v < vertices; v++)
                {
                    var r = radius * random.NextDouble(0.5, 1);
                    xs[v] = cx + r * Math.Cos(angles[v]);
                    ys[v] = cy + r * Math.Sin(angles[v]);
                }
                pixels.Fill(cx - radius - 1, cy - radius - 1, cx + radius + 1, cy + radius + 1,
                    (x, y) => SignedDistance.Polygon(xs, ys, x, y), color, opacity);
            }
        }
    }

    /// <summary>The object: a shape of circumradius <see cref="Radius"/> pixels, rotated, with a colour chosen to stand
    /// out from the background's two colours and a gentle linear shading.</summary>
    private sealed record ObjectFigure(ShapeKind Kind, double CenterX, double CenterY, double Radius, double Cos, double Sin,
        Rgb Color, double LightX, double LightY)
    {
        private const double ShadingStrength = 0.15;

        public static ObjectFigure Sample(ShapeKind kind, int size, Rgb first, Rgb second, ref SeededRandom random, bool gray = false)
        {
            var radius = size * random.NextDouble(0.24, 0.36);
            var margin = radius * 0.85;
            double cx = random.NextDouble(margin, size - margin), cy = random.NextDouble(margin, size - margin);
            var angle = random.NextDouble(0, 2 * Math.PI);
            var color = Rgb.Random(ref random);
            var best = color.DistanceToSegment(first, second);
            for (var attempt = 0; attempt < 24 && best < 0.45; attempt++)
            {
                var candidate = Rgb.Random(ref random);
                var distance = candidate.DistanceToSegment(first, second);
                if (distance > best) (color, best) = (candidate, distance);
            }
            if (gray)
            {
                var level = random.NextDouble(0.6, 1.0);
                color = new Rgb(level, level, level);
            }
            var light = random.NextDouble(0, 2 * Math.PI);
            return new ObjectFigure(kind, cx, cy, radius, Math.Cos(angle), Math.Sin(angle), color, Math.Cos(light), Math.Sin(light));
        }

        /// <summary>Signed distance in pixels from the point (x, y) to the figure's outline.</summary>
        public double Distance(double x, double y)
        {
            double dx = x - CenterX, dy = y - CenterY;
            double u = (Cos * dx + Sin * dy) / Radius, v = (-Sin * dx + Cos * dy) / Radius;
            return ShapeOutlines.Distance(Kind, u, v) * Radius;
        }

        public Rgb ShadedColor(double x, double y) =>
            Color.Scale(1 + ShadingStrength * ((x - CenterX) * LightX + (y - CenterY) * LightY) / Radius);
    }

    /// <summary>A disc or a long bar placed against the object's edge, in a random or a background colour.</summary>
    private sealed record Occluder(Func<double, double, double> Distance, Rgb Color)
    {
        public static Occluder? Sample(ObjectFigure figure, Rgb first, Rgb second, ref SeededRandom random)
        {
            if (!random.NextBool(OcclusionProbability)) return null;
            var direction = random.NextDouble(0, 2 * Math.PI);
            double dirX = Math.Cos(direction), dirY = Math.Sin(direction), r = figure.Radius;
            var color = random.NextBool(0.5) ? Rgb.Random(ref random) : Rgb.Lerp(first, second, random.NextDouble());
            if (random.NextBool(0.5))
            {
                var reach = r * random.NextDouble(0.7, 1.0);
                double cx = figure.CenterX + reach * dirX, cy = figure.CenterY + reach * dirY;
                var radius = r * random.NextDouble(0.35, 0.6);
                return new Occluder((x, y) => SignedDistance.Circle(x - cx, y - cy, radius), color);
            }
            var offset = r * random.NextDouble(0.55, 0.9);
            double px = figure.CenterX + offset * dirX, py = figure.CenterY + offset * dirY;
            var along = direction + Math.PI / 2 + random.NextDouble(-0.4, 0.4);
            double ax = Math.Cos(along), ay = Math.Sin(along), halfLength = 4.0 * r;
            var halfWidth = r * random.NextDouble(0.1, 0.2);
            return new Occluder((x, y) => SignedDistance.Segment(x, y, px - ax * halfLength, py - ay * halfLength,
                px + ax * halfLength, py + ay * halfLength, halfWidth), color);
        }
    }
}
