namespace Lewel.Engine.Data.Shapes;

/// <summary>A square RGB image of doubles on [0, 1] that figures are alpha-blended into.</summary>
internal sealed class PixelBuffer(int size)
{
    private readonly double[] values = new double[size * size * 3];

    public int Size { get; } = size;

    public void Set(int x, int y, Rgb color)
    {
        var o = (y * Size + x) * 3;
        values[o] = color.R;
        values[o + 1] = color.G;
        values[o + 2] = color.B;
    }

    public void Blend(int x, int y, Rgb color, double alpha)
    {
        if (alpha <= 0) return;
        var o = (y * Size + x) * 3;
        values[o] += (color.R - values[o]) * alpha;
        values[o + 1] += (color.G - values[o + 1]) * alpha;
        values[o + 2] += (color.B - values[o + 2]) * alpha;
    }

    /// <summary>Blends a figure given by its signed distance in pixels (negative inside) over the square
    /// [x0, x1) × [y0, y1), clipped to the image, with anti-aliased edges.</summary>
    public void Fill(double x0, double y0, double x1, double y1, Func<double, double, double> distance, Rgb color, double opacity = 1)
    {
        var (xa, xb, ya, yb) = Clip(x0, y0, x1, y1);
        for (var y = ya; y < yb; y++)
        for (var x = xa; x < xb; x++)
            Blend(x, y, color, opacity * SignedDistance.Coverage(distance(x + 0.5, y + 0.5)));
    }

    public (int X0, int X1, int Y0, int Y1) Clip(double x0, double y0, double x1, double y1) =>
        (Math.Max(0, (int)Math.Floor(x0)), Math.Min(Size, (int)Math.Ceiling(x1)),
         Math.Max(0, (int)Math.Floor(y0)), Math.Min(Size, (int)Math.Ceiling(y1)));

    public void CopyTo(Span<byte> rgb)
    {
        for (var i = 0; i < values.Length; i++) rgb[i] = (byte)Math.Round(Math.Clamp(values[i], 0, 1) * 255);
    }
}
