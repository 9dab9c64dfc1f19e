namespace Lewel.Engine.Rendering;

/// <summary>A dark-to-bright sequential colour scale (black → purple → red → orange → pale yellow), monotonic in
/// lightness so that brighter always means more weight, also in greyscale print.</summary>
public static class Colormap
{
    private static readonly (double At, byte R, byte G, byte B)[] Stops =
    [
        (0.00, 0, 0, 4),
        (0.25, 87, 16, 110),
        (0.50, 188, 55, 84),
        (0.75, 249, 142, 9),
        (1.00, 252, 255, 164),
    ];

    /// <summary>Colour of <paramref name="t"/> ∈ [0, 1] (clamped).</summary>
    public static (byte R, byte G, byte B) At(double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0, 1);
        var i = 1;
        while (i < Stops.Length - 1 && t > Stops[i].At) i++;
        var (a, b) = (Stops[i - 1], Stops[i]);
        var f = (t - a.At) / (b.At - a.At);
        return (Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
