using Lewel.Engine.Data;
using Lewel.Engine.Tests.Data.Readers;

namespace Lewel.Engine.Tests.Data;

public class SplitSubsetTests
{
    [Fact]
    public void Open_WithSubset_KeepsThatManyImagesOfEachSplit_AsTheyAreInTheWholeSet()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 200, 50, 28, gzip: false);
        var whole = DatasetCatalog.Open($"idx:{dir.Path}");
        var subset = DatasetCatalog.Open($"idx:{dir.Path}?train=60,test=20");

        Assert.Equal((60, 20), (subset.Train.Count, subset.Test.Count));
        Assert.Contains("(60 of 200)", subset.Train.Description);
        AssertImagesComeFrom(whole.Train, subset.Train);
        AssertImagesComeFrom(whole.Test, subset.Test);
    }

    [Fact]
    public void Open_WithSubset_IsTheSameEveryTime_AndResizesLikeTheWholeSet()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 100, 10, 28, gzip: false);
        var options = new DatasetOpenOptions { ImageSize = 32 };
        var first = DatasetCatalog.Open($"idx:{dir.Path}?train=30", options);
        var second = DatasetCatalog.Open($"idx:{dir.Path}?train=30", options);

        Assert.Equal((30, 10), (first.Train.Count, first.Test.Count));
        Assert.Equal((32, 32), (first.Train.Height, first.Train.Width));
        Assert.IsType<InMemoryImageDataset>(first.Train); // resized once, not on every read of a training batch
        Assert.Equal(Images(first.Train), Images(second.Train));
    }

    [Fact]
    public void Open_WithASubsetLargerThanTheSplit_KeepsItWhole()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteIdx(dir.Path, 20, 5, 28, gzip: false);
        var splits = DatasetCatalog.Open($"idx:{dir.Path}?train=1000,test=1000");
        Assert.Equal((20, 5), (splits.Train.Count, splits.Test.Count));
    }

    [Fact]
    public void ClassBalancedCount_TakesExactlyTheCount_WithEveryClassItsShare()
    {
        var shapes = DatasetCatalog.Open("shapes:size=16,n=1000,seed=1,test=100").Train;
        var chosen = LabelSubset.ClassBalancedCount(shapes, 333, seed: 3);

        Assert.Equal(333, chosen.Length);
        Assert.Equal(chosen.Order(), chosen);
        Assert.Equal(chosen.Length, chosen.Distinct().Count());
        var perClass = Enumerable.Range(0, shapes.NumClasses).Select(c => Enumerable.Range(0, shapes.Count).Count(i => shapes.Label(i) == c)).ToArray();
        Assert.All(chosen.GroupBy(shapes.Label), g => Assert.InRange(g.Count(), 333.0 * perClass[g.Key] / 1000 - 1, 333.0 * perClass[g.Key] / 1000 + 1));
        Assert.NotEqual(chosen, LabelSubset.ClassBalancedCount(shapes, 333, seed: 4));
    }

    [Theory]
    [InlineData("idx:/data?train=0", "train must be a positive whole number")]
    [InlineData("idx:/data?train=abc", "'train=abc'")]
    [InlineData("idx:/data?n=10", "unknown key 'n' (expected train or test)")]
    [InlineData("idx:/data?train=5,train=6", "'train' is given twice")]
    [InlineData("idx:/data?", "no train=N or test=N")]
    [InlineData("idx:?train=5", "no directory")]
    public void SpecError_NamesTheBadSubset(string spec, string expected)
    {
        var message = DatasetCatalog.SpecError(spec);
        Assert.NotNull(message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void SpecError_ChecksTheDataRootAgainstThePathWithoutTheSubset()
    {
        using var dir = new TempDirectory();
        var roots = new DataRoots([dir.Path]);
        Assert.Null(DatasetCatalog.SpecError($"idx:{dir.Path}?train=10", roots));
        Assert.Contains("not under a data root", DatasetCatalog.SpecError("idx:/elsewhere?train=10", roots));
    }

    [Theory]
    [InlineData("cifar10:/data?train=5000", 5000, 10_000)]
    [InlineData("cifar10:/data?test=100000", 50_000, 10_000)]
    [InlineData("cifar100:/data?train=100,test=50", 100, 50)]
    public void DatasetSizes_CountTheSubset(string spec, int train, int test)
    {
        Assert.Equal(train, DatasetSizes.TrainImages(spec));
        Assert.Equal(test, DatasetSizes.TestImages(spec));
    }

    private static void AssertImagesComeFrom(IImageDataset whole, IImageDataset subset)
    {
        var wholeImages = Images(whole).Select((image, i) => (Convert.ToBase64String(image), whole.Label(i))).ToHashSet();
        var subsetImages = Images(subset).Select((image, i) => (Convert.ToBase64String(image), subset.Label(i))).ToList();
        Assert.All(subsetImages, image => Assert.Contains(image, wholeImages));
        Assert.Equal(subsetImages.Count, subsetImages.Distinct().Count());
    }

    private static List<byte[]> Images(IImageDataset split) =>
        Enumerable.Range(0, split.Count).Select(i =>
        {
            var (w, h) = split.SizeOf(i);
            var bytes = new byte[w * h * 3];
            split.CopyImage(i, bytes);
            return bytes;
        }).ToList();
}
