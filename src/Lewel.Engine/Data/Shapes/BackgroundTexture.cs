namespace Lewel.Engine.Data.Shapes;

/// <summary>Paints one of three textures between two colours: smooth value noise, soft or hard stripes, or a linear or
/// radial gradient, plus per-pixel grain. The two colours are returned so the object can be given a contrasting one.</summary>
internal static class BackgroundTexture
{
    public static (Rgb First, Rgb Second) Paint(PixelBuffer pixels, ref SeededRandom random)
    {
        var size = pixels.Size;
        var first = Rgb.Random(ref random);
        var second = Rgb.Lerp(first, Rgb.Random(ref random), random.NextDouble(0.35, 0.9));
        Func<double, double, double> blend = random.NextInt(3) switch
        {
            0 => Noise(ref random, size),
            1 => Stripes(ref random, size),
            _ => Gradient(ref random, size),
        };
        var grain = random.NextDouble(0.01, 0.05);
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var offset = (random.NextDouble() * 2 - 1) * grain;
            var c = Rgb.Lerp(first, second, blend(x + 0.5, y + 0.5));
            pixels.Set(x, y, new Rgb(c.R + offset, c.G + offset, c.B + offset));
        }
        return (first, second);
    }

    /// <summary>One random colour with per-pixel grain. Returns it twice: the object's colour is chosen to contrast with it.</summary>
    public static (Rgb First, Rgb Second) PaintFlat(PixelBuffer pixels, ref SeededRandom random) =>
        PaintFlat(pixels, Rgb.Random(ref random), ref random);

    /// <summary>A dark gray (level 0–0.3) flat background with light grain.</summary>
    public static (Rgb First, Rgb Second) PaintDarkGray(PixelBuffer pixels, ref SeededRandom random)
    {
        var level = random.NextDouble(0, 0.3);
        return PaintFlat(pixels, new Rgb(level, level, level), ref random);
    }

    /// <summary>The same dark gray (level 0.15, grain 0.03) in every image; only the grain's pixels are random.</summary>
    public static (Rgb First, Rgb Second) PaintFixedDarkGray(PixelBuffer pixels, ref SeededRandom random) =>
        PaintFlat(pixels, new Rgb(0.15, 0.15, 0.15), ref random, grain: 0.03);

    private static (Rgb First, Rgb Second) PaintFlat(PixelBuffer pixels, Rgb color, ref SeededRandom random, double? grain = null)
    {
        var size = pixels.Size;
        var amplitude = grain ?? random.NextDouble(0.01, 0.05);
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var offset = (random.NextDouble() * 2 - 1) * amplitude;
            pixels.Set(x, y, new Rgb(color.R + offset, color.G + offset, color.B + offset));
        }
        return (color, color);
    }

    private static Func<double, double, double> Noise(ref SeededRandom random, int size)
    {
        var cells = random.NextInt(2, 6);
        var lattice = new double[(cells + 1) * (cells + 1)];
        for (var i = 0; i < lattice.Length; i++) lattice[i] = random.NextDouble();
        var cellSize = (double)size / cells;
        return (x, y) =>
        {
            double gx = Math.Min(x / cellSize, cells - 1e-9), gy = Math.Min(y / cellSize, cells - 1e-9);
            int ix = (int)gx, iy = (int)gy;
            double fx = SmoothStep(gx - ix), fy = SmoothStep(gy - iy);
            double top = lattice[iy * (cells + 1) + ix] * (1 - fx) + lattice[iy * (cells + 1) + ix + 1] * fx;
            double bottom = lattice[(iy + 1) * (cells + 1) + ix] * (1 - fx) + lattice[(iy + 1) * (cells + 1) + ix + 1] * fx;
            return top * (1 - fy) + bottom * fy;
        };
    }

    private static Func<double, double, double> Stripes(ref SeededRandom random, int size)
    {
        var angle = random.NextDouble(0, Math.PI);
        var frequency = random.NextDouble(1.5, 5) * 2 * Math.PI / size;
        var phase = random.NextDouble(0, 2 * Math.PI);
        var sharpness = random.NextDouble(1, 4);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        return (x, y) => Math.Clamp(0.5 + 0.5 * sharpness * Math.Sin(frequency * (x * cos + y * sin) + phase), 0, 1);
    }

    private static Func<double, double, double> Gradient(ref SeededRandom random, int size)
    {
        if (random.NextBool(0.5))
        {
            var angle = random.NextDouble(0, 2 * Math.PI);
            double cos = Math.Cos(angle), sin = Math.Sin(angle), half = size / 2.0, reach = size * 0.7071;
            return (x, y) => Math.Clamp(0.5 + ((x - half) * cos + (y - half) * sin) / (2 * reach), 0, 1);
        }
        double cx = random.NextDouble(0, size), cy = random.NextDouble(0, size), radius = size * random.NextDouble(0.6, 1.2);
        return (x, y) => Math.Min(1, Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / radius);
    }

    private static double SmoothStep(double t) => t * t * (3 - 2 * t);
}
