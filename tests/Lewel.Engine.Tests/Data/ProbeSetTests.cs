using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Data;

public class ProbeSetTests
{
    private static readonly IImageDataset Test = DatasetCatalog.Open("shapes:size=16,n=10,seed=1,test=20").Test;

    [Fact]
    public void Default_IsTheFirstEightTestImages() => Assert.Equal(Enumerable.Range(0, 8), ProbeSet.Default(Test).Indices);

    [Fact]
    public void Resolve_OutOfRangeIndex_NamesIt()
    {
        var error = Assert.Throws<DatasetException>(() => ProbeSet.Resolve(Test, [1, 20]));
        Assert.Contains("Probe index 20", error.Message);
    }

    [Fact]
    public void Resolve_KeepsGivenIndices() => Assert.Equal([3, 1], ProbeSet.Resolve(Test, [3, 1]).Indices);
}
