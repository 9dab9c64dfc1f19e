using Lewel.Engine.Data;
using Lewel.Engine.Data.Readers;
using Lewel.Engine.Tests.Data;

namespace Lewel.Engine.Tests.Data.Readers;

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
