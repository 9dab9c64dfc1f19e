using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Data;

public class LabelSubsetTests
{
    private static readonly IImageDataset Shapes = DatasetCatalog.Open("shapes:size=16,n=1000,seed=1,test=100").Train;

    [Theory]
    [InlineData(0.01, 1)]
    [InlineData(0.1, 10)]
    public void ClassBalanced_TakesTheFractionOfEveryClass(double fraction, int perClass)
    {
        var subset = LabelSubset.ClassBalanced(Shapes, fraction, seed: 4);
        Assert.Equal(10 * perClass, subset.Length);
        Assert.All(subset.GroupBy(Shapes.Label), g => Assert.Equal(perClass, g.Count()));
        Assert.Equal(subset.Order(), subset);
        Assert.Equal(subset.Length, subset.Distinct().Count());
    }

    [Fact]
    public void ClassBalanced_IsDeterministicPerSeed()
    {
        Assert.Equal(LabelSubset.ClassBalanced(Shapes, 0.1, 7), LabelSubset.ClassBalanced(Shapes, 0.1, 7));
        Assert.NotEqual(LabelSubset.ClassBalanced(Shapes, 0.1, 7), LabelSubset.ClassBalanced(Shapes, 0.1, 8));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ClassBalanced_RejectsFractionsOutsideZeroToOne(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelSubset.ClassBalanced(Shapes, fraction, 1));
}
