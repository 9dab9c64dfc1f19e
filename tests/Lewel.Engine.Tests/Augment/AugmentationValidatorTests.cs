using Lewel.Engine.Augment;
using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.Augment;

public class AugmentationValidatorTests
{
    [Theory]
    [InlineData("byol")]
    [InlineData("lewel-b")]
    [InlineData("mocov2")]
    [InlineData("mocov2plus")]
    [InlineData("lewel-m")]
    public void Validate_DefaultConfigurations_HaveNoErrors(string method) =>
        Assert.Empty(AugmentationValidator.Validate(new RunConfig { Method = method }.Augmentation));

    public static TheoryData<ViewAugmentation, string> BadViews => new()
    {
        { new ViewAugmentation { FlipProbability = 1.5 }, "augmentation.view1.flipProbability" },
        { new ViewAugmentation { JitterProbability = -0.1 }, "augmentation.view1.jitterProbability" },
        { new ViewAugmentation { GrayscaleProbability = double.NaN }, "augmentation.view1.grayscaleProbability" },
        { new ViewAugmentation { BlurProbability = 2 }, "augmentation.view1.blurProbability" },
        { new ViewAugmentation { SolarizeProbability = -1 }, "augmentation.view1.solarizeProbability" },
        { new ViewAugmentation { CropScaleMin = 0 }, "augmentation.view1.cropScaleMin" },
        { new ViewAugmentation { CropScaleMax = 1.2 }, "augmentation.view1.cropScaleMax" },
        { new ViewAugmentation { CropScaleMin = 0.9, CropScaleMax = 0.5 }, "augmentation.view1.cropScaleMin" },
        { new ViewAugmentation { CropRatioMin = 0 }, "augmentation.view1.cropRatioMin" },
        { new ViewAugmentation { CropRatioMin = 2, CropRatioMax = 1 }, "augmentation.view1.cropRatioMin" },
        { new ViewAugmentation { Interpolation = "lanczos" }, "augmentation.view1.interpolation" },
        { new ViewAugmentation { Brightness = -0.4 }, "augmentation.view1.brightness" },
        { new ViewAugmentation { Contrast = double.PositiveInfinity }, "augmentation.view1.contrast" },
        { new ViewAugmentation { Saturation = -1 }, "augmentation.view1.saturation" },
        { new ViewAugmentation { Hue = 0.6 }, "augmentation.view1.hue" },
        { new ViewAugmentation { BlurSigmaMin = 0 }, "augmentation.view1.blurSigmaMin" },
        { new ViewAugmentation { BlurSigmaMin = 3, BlurSigmaMax = 2 }, "augmentation.view1.blurSigmaMin" },
        { new ViewAugmentation { BlurSigmaMax = 50 }, "augmentation.view1.blurSigmaMax" },
        { new ViewAugmentation { SolarizeThreshold = 128 }, "augmentation.view1.solarizeThreshold" },
    };

    [Theory]
    [MemberData(nameof(BadViews))]
    public void Validate_BadField_IsReportedAtItsPath(ViewAugmentation view, string path)
    {
        var errors = AugmentationValidator.Validate(new AugmentationConfig { View1 = view });
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Validate_MeanAndStd_MustComeTogetherWithThreePositiveValues()
    {
        Assert.Equal("augmentation.std", Assert.Single(AugmentationValidator.Validate(new AugmentationConfig { Mean = [0.5, 0.5, 0.5] })).Path);
        Assert.Equal("augmentation.mean", Assert.Single(AugmentationValidator.Validate(new AugmentationConfig { Mean = [0.5], Std = [1, 1, 1] })).Path);
        Assert.Equal("augmentation.std", Assert.Single(AugmentationValidator.Validate(new AugmentationConfig { Mean = [0, 0, 0], Std = [1, 0, 1] })).Path);
        Assert.Empty(AugmentationValidator.Validate(new AugmentationConfig { Mean = [0.4914, 0.4822, 0.4465], Std = [0.247, 0.243, 0.261] }));
    }

    [Fact]
    public void Validate_View2Errors_AreUnderView2()
    {
        var error = Assert.Single(AugmentationValidator.Validate(new AugmentationConfig { View2 = new ViewAugmentation { Hue = -1 } }));
        Assert.Equal("augmentation.view2.hue", error.Path);
    }
}
