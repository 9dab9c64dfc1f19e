using Lewel.Engine.Data;
using Lewel.Engine.Tests.Data;

namespace Lewel.Engine.Tests.Data.Readers;

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
