using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Studies;

namespace Lewel.Engine.Tests.Config;

public class MethodTraitsCatalogTests
{
    [Fact]
    public void EveryMethodHasOneEntry_AndEveryEntryCanBeBuilt()
    {
        Assert.Equal(MethodIds.All.Order(), MethodTraitsCatalog.All.Select(m => m.Id).Order());
        Assert.Equal(MethodIds.All.Order(), MethodCatalog.All.Select(m => m.Id).Order());
        Assert.Equal(MethodTraitsCatalog.All.Count, MethodTraitsCatalog.All.Select(m => m.Title).Distinct().Count());
    }

    /// <summary>A pair is like with like: each side names the other, one side is the LEWEL variant and the other its
    /// baseline, and both have the same kind of target (predictor for BYOL, key queue for MoCo).</summary>
    [Fact]
    public void Pairs_AreSymmetric_ABaselineAndItsLewelVariantOfOneFamily()
    {
        foreach (var method in MethodTraitsCatalog.All.Where(m => m.PairedWith is not null))
        {
            var other = MethodTraitsCatalog.For(method.PairedWith!);
            Assert.Equal(method.Id, other.PairedWith);
            Assert.NotEqual(method.AlignmentMaps, other.AlignmentMaps);
            Assert.Equal((method.Predictor, method.KeyQueue), (other.Predictor, other.KeyQueue));
        }
        foreach (var method in MethodTraitsCatalog.All.Where(m => m.PairedWith is null))
            Assert.False(string.IsNullOrWhiteSpace(method.NoPairReason), $"{method.Id} has no pair and no reason for it");
    }

    [Fact]
    public void Readers_AgreeWithTheCatalog()
    {
        Assert.Equal(["byol", "mocov2plus"], MethodPairs.Names);
        Assert.Equal(("mocov2plus", "lewel-m"), MethodPairs.PairOf("lewel-m"));
        Assert.Contains("mocov2plus with lewel-m", MethodPairs.PairingError("mocov2"));
        Assert.Throws<ArgumentException>(() => MethodPairs.PairOf("mocov2"));
        Assert.Equal(["lewel-b", "lewel-m"], MethodIds.All.Where(MethodIds.IsLewel));
        Assert.Equal(["byol", "lewel-b"], MethodIds.All.Where(MethodIds.IsByolFamily));
        Assert.Equal(["mocov2", "mocov2plus", "lewel-m"], MethodIds.All.Where(MethodIds.UsesQueue));
        Assert.Equal(["lewel-m"], MethodTraitsCatalog.All.Where(m => m.Reconstructed).Select(m => m.Id));
        Assert.Equal("simclr", MethodTraitsCatalog.For("simclr").Title);
        Assert.False(MethodPairs.HasPair("simclr"));
    }
}
