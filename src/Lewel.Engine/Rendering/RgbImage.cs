namespace Lewel.Engine.Rendering;

/// <summary>An 8-bit RGB image, row-major HWC (<c>Pixels[(y·Width + x)·3 + c]</c>).</summary>
public sealed record RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}×{height} must be positive");
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"a {width}×{height} RGB image needs {width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }
}
