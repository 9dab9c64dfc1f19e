using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using SkiaSharp;
using Lewel.Engine.Tests.Data;

namespace Lewel.Engine.Tests.Data.Readers;

public class ImageFolderReaderTests
{
    private static byte[] Noise(int w, int h, int seed) => DatasetWriters.RandomSplit(1, Math.Max(w, h), 1, seed).Images[0][..(w * h * 3)];

    private static void WritePng(string path, byte[] rgb, int w, int h)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var canvas = new ImageCanvas(w, h);
        canvas.DrawRgb(rgb, w, h, SKRect.Create(0, 0, w, h));
        canvas.SavePng(path);
    }

    private static void WriteEncoded(string path, int w, int h, SKEncodedImageFormat format)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = ImageCanvas.BitmapFromRgb(Noise(w, h, 3), w, h);
        using var data = bitmap.Encode(format, 90);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Open_TrainAndTestFolders_RoundTripPngsAtTheirSizeAndSkipUndecodableFiles()
    {
        using var dir = new TempDirectory();
        var cat0 = Noise(16, 16, 1);
        var dog0 = Noise(16, 16, 2);
        WritePng(dir.File("train/cat/a.png"), cat0, 16, 16);
        WritePng(dir.File("train/dog/b.png"), dog0, 16, 16);
        WriteEncoded(dir.File("train/dog/c.jpg"), 40, 24, SKEncodedImageFormat.Jpeg);
        WriteEncoded(dir.File("train/dog/d.webp"), 20, 30, SKEncodedImageFormat.Webp);
        File.WriteAllText(dir.File("train/dog/broken.png"), "this is not a png");
        File.WriteAllText(dir.File("train/dog/notes.txt"), "ignored");
        WritePng(dir.File("test/cat/e.png"), cat0, 16, 16);

        var splits = DatasetCatalog.Open($"folder:{dir.Path}", new DatasetOpenOptions { ImageSize = 16 });
        Assert.Equal(["cat", "dog"], splits.Train.ClassNames);
        Assert.Equal(4, splits.Train.Count);
        Assert.Equal(1, splits.Test.Count);
        var single = Assert.Single(splits.SkippedFiles);
        Assert.Contains("broken.png", single);
        var buffer = new byte[16 * 16 * 3];
        splits.Train.CopyImage(0, buffer);
        Assert.Equal(cat0, buffer);
        Assert.Equal(0, splits.Train.Label(0));
        splits.Train.CopyImage(1, buffer);
        Assert.Equal(dog0, buffer);
        Assert.Equal([0, 1, 1, 1], Enumerable.Range(0, 4).Select(splits.Train.Label));
    }

    [Fact]
    public void Open_WithoutSplitFolders_HoldsOutEveryTenthImagePerClass()
    {
        using var dir = new TempDirectory();
        for (var i = 0; i < 20; i++) WritePng(dir.File($"red/{i:D2}.png"), Noise(8, 8, i), 8, 8);
        for (var i = 0; i < 10; i++) WritePng(dir.File($"blue/{i:D2}.png"), Noise(8, 8, 100 + i), 8, 8);
        var splits = DatasetCatalog.Open($"folder:{dir.Path}", new DatasetOpenOptions { ImageSize = 8 });
        Assert.Equal(27, splits.Train.Count);
        Assert.Equal(3, splits.Test.Count);
        Assert.Equal(["blue", "red"], splits.Train.ClassNames);
    }

    [Fact]
    public void Open_NonSquareImage_IsResizedAndCentreCropped()
    {
        using var dir = new TempDirectory();
        // 64×32: left half black, middle 32 columns white, right... the centre crop keeps the middle square.
        var rgb = new byte[64 * 32 * 3];
        for (var y = 0; y < 32; y++) for (var x = 16; x < 48; x++) for (var c = 0; c < 3; c++) rgb[(y * 64 + x) * 3 + c] = 255;
        WritePng(dir.File("train/a/wide.png"), rgb, 64, 32);
        WritePng(dir.File("test/a/wide.png"), rgb, 64, 32);
        var splits = DatasetCatalog.Open($"folder:{dir.Path}", new DatasetOpenOptions { ImageSize = 16 });
        var buffer = new byte[16 * 16 * 3];
        splits.Train.CopyImage(0, buffer);
        Assert.True(buffer.All(b => b > 240), "the centre crop of the white middle square should be white");
    }

    [Fact]
    public void Open_NoClassFolders_IsAClearError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("x.png"), "");
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"folder:{dir.Path}"));
        Assert.Contains("no class sub-folders", error.Message);
    }
}
