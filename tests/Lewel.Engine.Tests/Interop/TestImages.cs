using SkiaSharp;

namespace Lewel.Engine.Tests.Interop;

public static class TestImages
{
    /// <summary>Writes a deterministic RGB noise PNG with smooth structure (so maps are not flat).</summary>
    public static void WriteNoisePng(string path, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var r = (byte)Math.Clamp(128 + 100 * Math.Sin(x * 0.4 + seed) + random.Next(-20, 20), 0, 255);
                var g = (byte)Math.Clamp(128 + 100 * Math.Cos(y * 0.3) + random.Next(-20, 20), 0, 255);
                var b = (byte)random.Next(0, 256);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
