using Lewel.Engine.Data;
using Lewel.Engine.Data.Readers;
using Lewel.Engine.Rendering;
using SkiaSharp;

namespace Lewel.Engine.Tests.Data;

public class CifarReaderTests
{
    [Fact]
    public void OpenCifar10_RoundTripsWrittenRecordsByteExactly()
    {
        using var dir = new TempDirectory();
        var (train, test) = DatasetWriters.WriteCifar10(dir.File("cifar-10-batches-bin"), perBatch: 3, testCount: 4);
        var splits = DatasetCatalog.Open($"cifar10:{dir.Path}");
        DatasetWriters.AssertSameImages(train, splits.Train);
        DatasetWriters.AssertSameImages(test, splits.Test);
        Assert.Equal(CifarReader.Cifar10Names, splits.Train.ClassNames);
        Assert.Equal((32, 32), (splits.Train.Height, splits.Train.Width));
        Assert.Equal(3, splits.Mean.Length);
    }

    [Fact]
    public void OpenCifar100_UsesTheFineLabels()
    {
        using var dir = new TempDirectory();
        var (train, test) = DatasetWriters.WriteCifar100(dir.Path, 7, 5);
        var splits = DatasetCatalog.Open($"cifar100:{dir.Path}");
        DatasetWriters.AssertSameImages(train, splits.Train);
        DatasetWriters.AssertSameImages(test, splits.Test);
        Assert.Equal(100, splits.Train.NumClasses);
        Assert.Equal("fine42", splits.Train.ClassNames[42]);
    }

    [Fact]
    public void OpenCifar10_TruncatedBatch_NamesTheFile()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteCifar10(dir.Path, 2, 2);
        var path = dir.File("data_batch_3.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..5000]);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"cifar10:{dir.Path}"));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void OpenCifar10_MissingBatch_NamesTheFile()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteCifar10(dir.Path, 2, 2);
        File.Delete(dir.File("test_batch.bin"));
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"cifar10:{dir.Path}"));
        Assert.Contains("test_batch.bin", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void OpenCifar10_LabelOutOfRange_NamesTheRecord()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteCifar10(dir.Path, 2, 2);
        var path = dir.File("data_batch_2.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[3073] = 17;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"cifar10:{dir.Path}"));
        Assert.Contains("record 1 has label 17", error.Message);
    }
}

public class Stl10ReaderTests
{
    [Fact]
    public void Open_RoundTripsColumnMajorImagesAndOneBasedLabels()
    {
        using var dir = new TempDirectory();
        var (train, test, unlabeled) = DatasetWriters.WriteStl10(dir.File("stl10_binary"), 3, 2, 4);
        var splits = DatasetCatalog.Open($"stl10:{dir.Path}");
        DatasetWriters.AssertSameImages(train, splits.Train);
        DatasetWriters.AssertSameImages(test, splits.Test);
        Assert.NotNull(splits.Unlabeled);
        Assert.Equal(4, splits.Unlabeled!.Count);
        Assert.Equal(0, splits.Unlabeled.NumClasses);
        var buffer = new byte[96 * 96 * 3];
        for (var i = 0; i < 4; i++)
        {
            splits.Unlabeled.CopyImage(i, buffer);
            Assert.Equal(unlabeled.Images[i], buffer);
            Assert.Equal(-1, splits.Unlabeled.Label(i));
        }
    }

    [Fact]
    public void Open_WithImageSize_ResizesEverySplitIncludingUnlabeled()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteStl10(dir.Path, 2, 2, 2);
        var splits = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { ImageSize = 32 });
        Assert.Equal(32, splits.Train.Width);
        Assert.Equal(32, splits.Test.Height);
        Assert.Equal(32, splits.Unlabeled!.Width);
        var buffer = new byte[32 * 32 * 3];
        splits.Unlabeled.CopyImage(1, buffer);
    }

    [Fact]
    public void Open_LabelCountMismatch_NamesBothFiles()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteStl10(dir.Path, 3, 2, 1);
        File.WriteAllBytes(dir.File("train_y.bin"), [1, 2]);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"stl10:{dir.Path}"));
        Assert.Contains("train_y.bin", error.Message);
        Assert.Contains("train_X.bin", error.Message);
    }
}

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_RoundTripsPlainAndGzipFiles_ReplicatingGrayToRgb(bool gzip)
    {
        using var dir = new TempDirectory();
        var (train, test) = DatasetWriters.WriteIdx(dir.Path, 6, 4, 28, gzip);
        var splits = DatasetCatalog.Open($"idx:{dir.Path}");
        DatasetWriters.AssertSameImages(train, splits.Train);
        DatasetWriters.AssertSameImages(test, splits.Test);
        Assert.Equal((28, 28), (splits.Train.Height, splits.Train.Width));
    }

    [Fact]
    public void Open_WithImageSize32_ResizesTo32()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 3, 2, 28, gzip: false);
        var splits = DatasetCatalog.Open($"idx:{dir.Path}", new DatasetOpenOptions { ImageSize = 32 });
        Assert.Equal((32, 32), (splits.Train.Height, splits.Train.Width));
        Assert.Equal(3, splits.Train.Count);
    }

    [Fact]
    public void Open_WrongMagic_NamesTheFileAndTheMagic()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 3, 2, 28, gzip: false);
        var path = dir.File("train-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        bytes[3] = 1;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"idx:{dir.Path}"));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic 0x00000801", error.Message);
    }

    [Fact]
    public void Open_TruncatedPlainFile_SaysTruncated()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 3, 2, 28, gzip: false);
        var path = dir.File("t10k-images-idx3-ubyte");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..900]);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"idx:{dir.Path}"));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Open_TruncatedGzip_NamesTheFile()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 50, 2, 28, gzip: true);
        var path = dir.File("train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"idx:{dir.Path}"));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Open_RealFashionMnist_Has60000And10000ImagesOfTenClasses()
    {
        var dir = FashionMnist.Directory();
        var splits = DatasetCatalog.Open($"idx:{dir}");
        Assert.Equal(60000, splits.Train.Count);
        Assert.Equal(10000, splits.Test.Count);
        Assert.Equal(10, splits.Train.NumClasses);
        Assert.Equal("Ankle boot", splits.Train.ClassNames[9]);
        Assert.Equal(Enumerable.Repeat(6000, 10), Enumerable.Range(0, 60000).GroupBy(splits.Train.Label).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(Enumerable.Repeat(1000, 10), Enumerable.Range(0, 10000).GroupBy(splits.Test.Label).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.InRange(splits.Mean[0], 0.25, 0.35); // Fashion-MNIST's pixel mean is ≈ 0.286
        Assert.Equal(splits.Mean[0], splits.Mean[2]);
    }
}

/// <summary>Where Debian's dataset-fashion-mnist package put the files (scripts/test.sh installs it).</summary>
public static class FashionMnist
{
    public static string Directory()
    {
        foreach (var candidate in new[] { "/usr/share/datasets/fashion-mnist", "/usr/share/dataset-fashion-mnist" })
            if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
        throw new InvalidOperationException("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (scripts/test.sh does it as root)");
    }
}

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
