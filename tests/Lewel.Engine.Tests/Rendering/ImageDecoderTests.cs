using System.Diagnostics;
using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using Lewel.Engine.Tests.Data;
using Lewel.Engine.Tests.TestSupport;
using SkiaSharp;

namespace Lewel.Engine.Tests.Rendering;

public class ImageDecoderTests
{
    [Fact]
    public void Decode_APngThatClaims20000Squared_IsRefusedFromItsHeader_WithinASecond()
    {
        var bomb = HostileImages.PngBomb();
        Assert.True(bomb.Length < 10_000, $"the bomb is {bomb.Length} bytes");
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ImageDecodingException>(() => ImageDecoder.DecodeRgb(bomb, "bomb.png", out _, out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal("bomb.png: 20000×20000 is 400 megapixels, above the limit of 40 megapixels (Lewel:MaxImageMegapixels); it was not decoded", e.Message);
    }

    [Fact]
    public void Decode_AHeaderThatClaims100000Squared_IsRefusedToo() =>
        Assert.Contains("above the limit", Assert.Throws<ImageDecodingException>(() => ImageDecoder.ReadSize(HostileImages.PngBomb(100_000, 100_000), "x.png")).Message);

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0 })]       // a zip
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]             // half a PNG signature
    public void Decode_NotAnImage_SaysSoAndWhatIsExpected(byte[] bytes)
    {
        var e = Assert.Throws<ImageDecodingException>(() => ImageDecoder.DecodeRgb(bytes, "upload", out _, out _));
        Assert.Equal("upload: not an image (expected PNG, JPEG or WebP)", e.Message);
        Assert.Equal("not an image (expected PNG, JPEG or WebP)", e.Reason);
    }

    [Fact]
    public void Decode_APngSignatureWithAGarbageBody_IsACorruptImage()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Contains("corrupt", Assert.Throws<ImageDecodingException>(() => ImageDecoder.Decode(bytes, "x.png")).Message);
    }

    [Fact]
    public void Decode_ALargeJpeg_IsDecodedDownscaled_ButNeverBelowTheSideAskedFor()
    {
        var jpeg = Encode(1600, 1200, SKEncodedImageFormat.Jpeg);
        using var full = ImageDecoder.Decode(jpeg, "photo.jpg");
        Assert.Equal((1600, 1200), (full.Width, full.Height));
        using var scaled = ImageDecoder.Decode(jpeg, "photo.jpg", minSide: 100);
        Assert.True(scaled.Height >= 100 && scaled.Height <= 300, $"{scaled.Width}×{scaled.Height}");
        Assert.Equal(4.0 / 3, (double)scaled.Width / scaled.Height, 1);
    }

    [Fact]
    public void Decode_AnImageUnderAConfiguredLimit_IsDecoded_AndOneOverIt_IsNot()
    {
        var png = Encode(100, 100, SKEncodedImageFormat.Png);
        Assert.Equal(100 * 100 * 3, ImageDecoder.DecodeRgb(png, "a.png", out _, out _, maxPixels: 10_000).Length);
        Assert.Throws<ImageDecodingException>(() => ImageDecoder.DecodeRgb(png, "a.png", out _, out _, maxPixels: 9_999));
    }

    [Fact]
    public void ImageFolder_SkipsABombAndANonImage_AndReportsThemRelativeToTheFolder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("cat"));
        File.WriteAllBytes(dir.File("cat/a.png"), Encode(20, 20, SKEncodedImageFormat.Png));
        File.WriteAllBytes(dir.File("cat/b.png"), Encode(24, 20, SKEncodedImageFormat.Png));
        File.WriteAllBytes(dir.File("cat/bomb.png"), HostileImages.PngBomb());
        File.WriteAllBytes(dir.File("cat/script.jpg"), HostileImages.NotAnImage());

        var clock = Stopwatch.StartNew();
        var splits = DatasetCatalog.Open($"folder:{dir.Path}", new DatasetOpenOptions { ImageSize = 16 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        Assert.Equal(2, splits.Train.Count + splits.Test.Count);
        Assert.Equal(["cat/bomb.png (20000×20000 is 400 megapixels, above the limit of 40 megapixels (Lewel:MaxImageMegapixels); it was not decoded)",
                      "cat/script.jpg (not an image (expected PNG, JPEG or WebP))"], splits.SkippedFiles.Order());
        Assert.StartsWith("skipped 2 files: cat/", SkippedFiles.Summary(splits.SkippedFiles));
    }

    [Fact]
    public void SkippedFilesSummary_ListsTheFirstTenAndCountsTheRest()
    {
        var summary = SkippedFiles.Summary(Enumerable.Range(0, 13).Select(i => $"f{i}.png (not an image)").ToList());
        Assert.Equal("skipped 13 files: " + string.Join(", ", Enumerable.Range(0, 10).Select(i => $"f{i}.png (not an image)")) + ", … (and 3 more)", summary);
        Assert.Null(SkippedFiles.Summary([]));
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 13 % 251);
        using var bitmap = ImageCanvas.BitmapFromRgb(rgb, width, height);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
