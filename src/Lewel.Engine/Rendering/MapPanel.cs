namespace Lewel.Engine.Rendering;

/// <summary>One column of a head rendering: an image and the maps the network computed on it.</summary>
public sealed record MapPanel(string Title, RgbImage Image, MapStack Maps);

/// <summary>A rectangle to draw on an image: [x0, y0, x1, y1] in that image's pixels.</summary>
public sealed record ImageBox(float[] Box, byte R, byte G, byte B, string Label)
{
    public float X0 => Box[0];
    public float Y0 => Box[1];
    public float X1 => Box[2];
    public float Y1 => Box[3];
}
