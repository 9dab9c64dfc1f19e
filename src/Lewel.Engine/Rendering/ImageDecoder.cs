using SkiaSharp;

namespace Lewel.Engine.Rendering;

/// <summary>An image that is refused before or while decoding: not an image, too many pixels, or corrupt.</summary>
public sealed class ImageDecodingException(string name, string reason) : IOException($"{name}: {reason}")
{
    /// <summary>What is wrong, without the file's name (e.g. "not an image (expected PNG, JPEG or WebP)").</summary>
    public string Reason { get; } = reason;
}

/// <summary>Decodes user images with the cost bounded by their pixel count, not their file size: the format is checked
/// by its magic bytes, the header is read (SkiaSharp's <see cref="SKCodec"/> gives the size without decoding), and an
/// image of more than <c>maxPixels</c> is refused before a pixel is allocated, so a 1 MB PNG that claims 20000×20000
/// costs nothing. An allowed large image is decoded downscaled when its codec can (JPEG and WebP scale while decoding)
/// and a smaller side is all that is needed.</summary>
public static class ImageDecoder
{
    /// <summary>40 megapixels: a large camera photo; 160 MB as RGBA.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    public const string ExpectedFormats = "PNG, JPEG or WebP";

    /// <summary>PNG, JPEG, WebP, or null, from the first bytes.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "JPEG";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        return null;
    }

    /// <summary>The image's size from its header, after the format and pixel checks; decodes nothing.</summary>
    /// <exception cref="ImageDecodingException">Names <paramref name="name"/> and the reason.</exception>
    public static (int Width, int Height) ReadSize(byte[] encoded, string name, long maxPixels = DefaultMaxPixels)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(encoded, data, name, maxPixels);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes to RGB (H·W·3). <paramref name="minSide"/>: the shorter side the caller needs; a larger image may
    /// be decoded smaller, never below it.</summary>
    public static byte[] DecodeRgb(byte[] encoded, string name, out int width, out int height, long maxPixels = DefaultMaxPixels, int? minSide = null)
    {
        using var bitmap = Decode(encoded, name, maxPixels, minSide);
        (width, height) = (bitmap.Width, bitmap.Height);
        return ImageCanvas.RgbFromBitmap(bitmap);
    }

    /// <summary>Reads and decodes a file; the first bytes are checked before the rest is read.</summary>
    public static SKBitmap DecodeFile(string path, string name, long maxPixels = DefaultMaxPixels, int? minSide = null)
    {
        var head = new byte[16];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (FormatOf(head.AsSpan(0, read)) is null) throw NotAnImage(name);
        return Decode(File.ReadAllBytes(path), name, maxPixels, minSide);
    }

    public static SKBitmap Decode(byte[] encoded, string name, long maxPixels = DefaultMaxPixels, int? minSide = null)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(encoded, data, name, maxPixels);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var size = new SKSizeI(width, height);
        if (minSide is > 0 and var side && Math.Min(width, height) > side)
        {
            var scaled = codec.GetScaledDimensions((float)side / Math.Min(width, height));
            if (Math.Min(scaled.Width, scaled.Height) >= side) size = scaled;
        }
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        throw new ImageDecodingException(name, $"the {codec.EncodedFormat} image could not be decoded ({result})");
    }

    private static SKCodec OpenCodec(byte[] encoded, SKData data, string name, long maxPixels)
    {
        if (FormatOf(encoded) is null) throw NotAnImage(name);
        var codec = SKCodec.Create(data) ?? throw new ImageDecodingException(name, $"a corrupt image (its {FormatOf(encoded)} header cannot be read)");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            codec.Dispose();
            throw new ImageDecodingException(name, $"the image header gives no size ({width}×{height})");
        }
        if ((long)width * height > maxPixels)
        {
            codec.Dispose();
            throw new ImageDecodingException(name, $"{width}×{height} is {(double)width * height / 1e6:G3} megapixels, above the limit of " +
                                             $"{maxPixels / 1e6:G3} megapixels (Lewel:MaxImageMegapixels); it was not decoded");
        }
        return codec;
    }

    private static ImageDecodingException NotAnImage(string name) => new(name, $"not an image (expected {ExpectedFormats})");
}
