using Lewel.Engine.Data;
using Lewel.Engine.Tests.Data;

namespace Lewel.Engine.Tests.Data.Readers;

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
