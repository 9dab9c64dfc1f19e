using Lewel.Bench.Measurement;
using Lewel.Engine.Models.Backbones;

namespace Lewel.Bench.Tests.Measurement;

public class StepCostTests
{
    // torchvision's published multiply-accumulates at 224 px (1.814 G and 4.089 G) include the 1000-way fc layer
    // (512·1000 and 2048·1000), which the engine's backbone does not have.
    [Theory]
    [InlineData("resnet18", 1_814_083_944L - 512_000L)]
    [InlineData("resnet50", 4_089_184_256L - 2_048_000L)]
    public void Backbone_AtImageNetSize_MatchesTorchvisionMacs(string arch, long expected)
    {
        var (macs, _, side) = StepCost.Backbone(ResNetSpec.Get(arch), 1.0, 224, ResNetStem.ImageNet, 1);
        Assert.Equal(7, side);
        Assert.InRange(macs, expected * 0.999, expected * 1.001);
    }

    [Fact]
    public void Backbone_SmallStemPadding2_Gives5x5Map_AndWidthScalesMacsByItsSquare()
    {
        var (full, channels, side) = StepCost.Backbone(ResNetSpec.ResNet18, 1.0, 32, ResNetStem.Small, 2);
        var (quarter, quarterChannels, _) = StepCost.Backbone(ResNetSpec.ResNet18, 0.25, 32, ResNetStem.Small, 2);
        Assert.Equal((512, 5), (channels, side));
        Assert.Equal(128, quarterChannels);
        Assert.InRange((double)full / quarter, 15.5, 16.5);
    }

    [Fact]
    public void LewelB_Neck_CountsEveryColumnItRunsOn()
    {
        const int c = 512, p = 25, hidden = 4096, k = 256, m = 4, n = k / m;
        var cost = StepCost.For("lewel-b", "resnet18", 1.0, 32, "small", 2, hidden, hidden, k, m);
        long mlp = (long)c * hidden + (long)hidden * k, predictor = (long)k * hidden + (long)hidden * k;
        Assert.Equal((1 + p) * mlp, cost.HeadMacs(StepCost.MapProjector));
        Assert.Equal((long)c * p * n, cost.HeadMacs(StepCost.Aggregation));
        Assert.Equal(n * mlp, cost.HeadMacs(StepCost.AlignedProjector));
        Assert.Equal(n * predictor, cost.HeadMacs(StepCost.AlignedPredictor));
        Assert.Equal(cost.OnlineForwardMacs - predictor - n * predictor, cost.TargetForwardMacs);
        Assert.Equal(2 * (3 * cost.OnlineForwardMacs + cost.TargetForwardMacs), cost.StepMacsPerImage);
    }

    [Fact]
    public void LewelB_OverBYOL_ShrinksAsTheBackboneGrows()
    {
        double Ratio(string arch, double width, int size, string stem) =>
            (double)StepCost.For("lewel-b", arch, width, size, stem, 2, 4096, 4096, 256, 4).StepMacsPerImage /
            StepCost.For("byol", arch, width, size, stem, 2, 4096, 4096, 256, 4).StepMacsPerImage;
        var narrow = Ratio("resnet18", 0.25, 32, "small");
        var full = Ratio("resnet18", 1.0, 32, "small");
        var imagenet = Ratio("resnet50", 1.0, 224, "imagenet");
        Assert.True(narrow > full && full > imagenet, $"{narrow} > {full} > {imagenet}");
        Assert.InRange(imagenet, 1.0, 1.5);
    }

    [Fact]
    public void MocoAndLewelM_HaveNoPredictors()
    {
        var moco = StepCost.For("mocov2", "resnet18", 1.0, 32, "small", 2, 2048, 4096, 128, 4);
        var lewelM = StepCost.For("lewel-m", "resnet18", 1.0, 32, "small", 2, 2048, 4096, 128, 4);
        Assert.Equal(moco.OnlineForwardMacs, moco.TargetForwardMacs);
        Assert.Equal(lewelM.OnlineForwardMacs, lewelM.TargetForwardMacs);
        Assert.Throws<ArgumentException>(() => StepCost.For("simclr", "resnet18", 1.0, 32, "small", 2, 2048, 4096, 128, 4));
    }
}
