using SkiaSharp;

namespace Lewel.Engine.Rendering;

/// <summary>A drawing surface for previews and map snapshots: 8-bit RGB images in, PNG out. Wraps SkiaSharp so callers
/// deal in RGB byte arrays (H·W·3, HWC) and rectangles rather than Skia colour types.</summary>
public sealed class ImageCanvas : IDisposable
{
    private static readonly SKSamplingOptions Nearest = new(SKFilterMode.Nearest, SKMipmapMode.None);
    private static readonly SKSamplingOptions Smooth = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private readonly SKBitmap bitmap;
    private readonly SKCanvas canvas;

    public ImageCanvas(int width, int height, SKColor? background = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"canvas size {width}×{height} is not positive");
        Width = width;
        Height = height;
        bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        canvas = new SKCanvas(bitmap);
        canvas.Clear(background ?? SKColors.White);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The underlying Skia canvas, for drawing this class does not wrap.</summary>
    public SKCanvas Canvas => canvas;

    /// <summary>Draws an RGB image scaled into <paramref name="destination"/>; <paramref name="smooth"/> picks linear
    /// filtering instead of nearest (nearest keeps small images' pixels visible).</summary>
    public void DrawRgb(ReadOnlySpan<byte> rgb, int width, int height, SKRect destination, bool smooth = false)
    {
        using var source = BitmapFromRgb(rgb, width, height);
        DrawBitmap(source, destination, smooth);
    }

    public void DrawBitmap(SKBitmap source, SKRect destination, bool smooth = false)
    {
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, destination, smooth ? Smooth : Nearest);
    }

    public void DrawRectangle(SKRect rectangle, SKColor color, float strokeWidth = 1)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = strokeWidth, IsAntialias = true };
        canvas.DrawRect(rectangle, paint);
    }

    public void FillRectangle(SKRect rectangle, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill };
        canvas.DrawRect(rectangle, paint);
    }

    public void DrawLine(SKPoint from, SKPoint to, SKColor color, float strokeWidth = 1)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = strokeWidth, IsAntialias = true };
        canvas.DrawLine(from, to, paint);
    }

    /// <summary>Writes <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void DrawText(string text, float x, float y, float size, SKColor color)
    {
        using var font = new SKFont(SKTypeface.Default, size);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y + size * 0.85f, SKTextAlign.Left, font, paint);
    }

    /// <summary>Tints the pixels where <paramref name="mask"/> (H·W, non-zero = object) is set.</summary>
    public void DrawMaskOverlay(ReadOnlySpan<byte> mask, int width, int height, SKRect destination, SKColor color)
    {
        var cellW = destination.Width / width;
        var cellH = destination.Height / height;
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill };
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            if (mask[y * width + x] != 0)
                canvas.DrawRect(SKRect.Create(destination.Left + x * cellW, destination.Top + y * cellH, cellW, cellH), paint);
    }

    /// <summary>Draws the boundary between mask and non-mask pixels (including the image border around mask pixels).</summary>
    public void DrawMaskOutline(ReadOnlySpan<byte> mask, int width, int height, SKRect destination, SKColor color, float strokeWidth = 1)
    {
        var cellW = destination.Width / width;
        var cellH = destination.Height / height;
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = strokeWidth, IsAntialias = true };
        using var path = new SKPath();
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            if (!IsSet(mask, width, height, x, y)) continue;
            float left = destination.Left + x * cellW, top = destination.Top + y * cellH;
            if (!IsSet(mask, width, height, x - 1, y)) { path.MoveTo(left, top); path.LineTo(left, top + cellH); }
            if (!IsSet(mask, width, height, x + 1, y)) { path.MoveTo(left + cellW, top); path.LineTo(left + cellW, top + cellH); }
            if (!IsSet(mask, width, height, x, y - 1)) { path.MoveTo(left, top); path.LineTo(left + cellW, top); }
            if (!IsSet(mask, width, height, x, y + 1)) { path.MoveTo(left, top + cellH); path.LineTo(left + cellW, top + cellH); }
        }
        canvas.DrawPath(path, paint);
    }

    private static bool IsSet(ReadOnlySpan<byte> mask, int width, int height, int x, int y) =>
        x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] != 0;

    public byte[] EncodePng()
    {
        canvas.Flush();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the canvas as PNG");
        return data.ToArray();
    }

    /// <summary>An RGB image as a PNG at its own size.</summary>
    public static byte[] EncodeRgbPng(RgbImage image)
    {
        using var canvas = new ImageCanvas(image.Width, image.Height);
        canvas.DrawRgb(image.Pixels, image.Width, image.Height, SKRect.Create(0, 0, image.Width, image.Height));
        return canvas.EncodePng();
    }

    public void SavePng(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllBytes(path, EncodePng());
    }

    /// <summary>The canvas as RGB bytes (H·W·3).</summary>
    public byte[] ToRgb()
    {
        canvas.Flush();
        return RgbFromBitmap(bitmap);
    }

    public void Dispose()
    {
        canvas.Dispose();
        bitmap.Dispose();
    }

    /// <summary>An opaque RGBA bitmap holding the RGB image; the caller disposes it.</summary>
    public static SKBitmap BitmapFromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (rgb.Length < width * height * 3)
            throw new ArgumentException($"an RGB image of {width}×{height} needs {width * height * 3} bytes, got {rgb.Length}", nameof(rgb));
        var result = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = result.GetPixelSpan();
        for (int i = 0, o = 0; i < width * height * 3; i += 3, o += 4)
        {
            pixels[o] = rgb[i];
            pixels[o + 1] = rgb[i + 1];
            pixels[o + 2] = rgb[i + 2];
            pixels[o + 3] = 255;
        }
        return result;
    }

    /// <summary>RGB bytes of any bitmap (converted to RGBA8888 first when needed; alpha is dropped).</summary>
    public static byte[] RgbFromBitmap(SKBitmap source)
    {
        SKBitmap? converted = null;
        if (source.ColorType != SKColorType.Rgba8888 || source.AlphaType == SKAlphaType.Unpremul)
        {
            converted = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            if (!source.CopyTo(converted, SKColorType.Rgba8888))
            {
                using var c = new SKCanvas(converted);
                c.DrawBitmap(source, 0, 0);
            }
        }
        try
        {
            var pixels = (converted ?? source).GetPixelSpan();
            var rgb = new byte[source.Width * source.Height * 3];
            for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
            {
                rgb[o] = pixels[i];
                rgb[o + 1] = pixels[i + 1];
                rgb[o + 2] = pixels[i + 2];
            }
            return rgb;
        }
        finally
        {
            converted?.Dispose();
        }
    }

    /// <summary>Decodes PNG/JPEG/WebP bytes to RGB, or returns null when SkiaSharp cannot decode them.</summary>
    public static byte[]? DecodeRgb(ReadOnlySpan<byte> encoded, out int width, out int height)
    {
        using var decoded = SKBitmap.Decode(encoded);
        width = decoded?.Width ?? 0;
        height = decoded?.Height ?? 0;
        return decoded is null ? null : RgbFromBitmap(decoded);
    }
}
