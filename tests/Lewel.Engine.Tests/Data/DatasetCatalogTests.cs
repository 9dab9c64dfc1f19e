using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Data;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("imagenet:/data", "unknown kind 'imagenet'")]
    [InlineData("cifar10", "cifar10 needs a directory")]
    [InlineData("shapes:size=2", "'size=2'")]
    public void SpecError_NamesTheBadPart(string spec, string expected)
    {
        var message = DatasetCatalog.SpecError(spec);
        Assert.NotNull(message);
        Assert.Contains(expected, message);
        Assert.Contains(expected, Assert.Throws<DatasetException>(() => DatasetCatalog.Open(spec)).Message);
    }

    [Theory]
    [InlineData("shapes")]
    [InlineData("shapes:size=64,n=10")]
    [InlineData("CIFAR10:/somewhere")]
    [InlineData("folder:~/pictures")]
    public void SpecError_IsNullForWellFormedSpecs(string spec) => Assert.Null(DatasetCatalog.SpecError(spec));

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar100")]
    [InlineData("stl10")]
    [InlineData("idx")]
    [InlineData("folder")]
    public void Open_MissingDirectory_NamesIt(string kind)
    {
        var missing = Path.Combine(Path.GetTempPath(), "lewel-missing-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"{kind}:{missing}"));
        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Open_ShapesWithAnotherImageSize_ResizesImagesAndMasks()
    {
        var splits = DatasetCatalog.Open("shapes:size=32,n=20,seed=1,test=10", new DatasetOpenOptions { ImageSize = 16 });
        Assert.Equal((16, 16), (splits.Train.Height, splits.Train.Width));
        Assert.True(splits.Train.HasMasks);
        var mask = new byte[16 * 16];
        splits.Train.CopyMask(0, mask);
        Assert.Contains((byte)1, mask);
        Assert.Equal(20, splits.Train.Count);
    }

    [Fact]
    public void Open_Shapes_UsesTheCacheDirectory()
    {
        using var dir = new TempDirectory();
        DatasetCatalog.Open("shapes:size=16,n=20,seed=3,test=10", new DatasetOpenOptions { CacheDir = dir.Path });
        Assert.Single(Directory.GetFiles(dir.Path, "shapes-*size16-n20-seed3-test10.bin"));
    }
}
