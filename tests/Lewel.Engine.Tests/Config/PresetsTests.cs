using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.Config;

public class PresetsTests
{
    public static TheoryData<string, string> EveryPreset()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in MethodIds.All)
            foreach (var preset in Presets.Names.Where(p => Presets.AppliesTo(method, p)))
                data.Add(method, preset);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPreset))]
    public void For_EveryMethodAndPreset_IsValid(string method, string preset)
    {
        var config = Presets.For(method, preset);
        Assert.Empty(RunConfigValidator.Validate(config));
        Assert.Equal(method, config.Method);
        Assert.Equal(preset, config.Preset);
    }

    [Theory]
    [InlineData(MethodIds.Byol)]
    [InlineData(MethodIds.LewelB)]
    public void Small_ByolFamily_IsSoloLearnLarsRecipe(string method)
    {
        var config = Presets.For(method, Presets.Small);
        Assert.Equal(("resnet18", 32, "small", 2), (config.Backbone, config.ImageSize, config.Stem, config.StemPadding));
        Assert.Equal(("lars", 1.0, 1e-5, 0.02, true, true), (config.Optimizer.Name, config.Optimizer.BaseLr, config.Optimizer.WeightDecay,
            config.Optimizer.Eta, config.Optimizer.ClipLr, config.Optimizer.ExcludeBiasAndNorm));
        Assert.Equal(("ema", 0.99, 1.0), (config.Target.Update, config.Target.BaseMomentum, config.Target.FinalMomentum));
        Assert.Equal((4096, 256, 4096), (config.Heads.ProjectorHidden, config.Heads.Dim, config.Heads.PredictorHidden));
        Assert.Equal((10.0, 3e-5, true), (config.Schedule.WarmupEpochs, config.Schedule.WarmupStartLr, config.Schedule.CosinePerStep));
        // asymmetric: no blur, solarize only in view 2
        Assert.Equal((0.0, 0.0, 0.0, 0.2), (config.Augmentation.View1.BlurProbability, config.Augmentation.View2.BlurProbability,
            config.Augmentation.View1.SolarizeProbability, config.Augmentation.View2.SolarizeProbability));
    }

    [Theory]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.MocoV2Plus)]
    [InlineData(MethodIds.LewelM)]
    public void Small_MocoFamily_IsSoloLearnSgdRecipe(string method)
    {
        var config = Presets.For(method, Presets.Small);
        Assert.Equal(("sgd", 0.3, 1e-4, false), (config.Optimizer.Name, config.Optimizer.BaseLr, config.Optimizer.WeightDecay, config.Optimizer.ExcludeBiasAndNorm));
        Assert.Equal((0.99, 0.999), (config.Target.BaseMomentum, config.Target.FinalMomentum));
        Assert.Equal((2048, 256), (config.Heads.ProjectorHidden, config.Heads.Dim));
        Assert.Equal((32768, 0.2), (config.Moco.QueueSize, config.Moco.Temperature));
        // symmetric_weak: blur 0.5 in both views, saturation 0.4, no solarize
        foreach (var view in new[] { config.Augmentation.View1, config.Augmentation.View2 })
            Assert.Equal((0.5, 0.4, 0.0), (view.BlurProbability, view.Saturation, view.SolarizeProbability));
    }

    [Fact]
    public void ImageNet_LewelB_IsTheOfficialEmanScript()
    {
        var config = Presets.For(MethodIds.LewelB, Presets.ImageNet);
        Assert.Equal(("resnet50", 224, "imagenet", 1024), (config.Backbone, config.ImageSize, config.Stem, config.BatchSize));
        Assert.Equal(("eman", 0.98, 1.0), (config.Target.Update, config.Target.BaseMomentum, config.Target.FinalMomentum));
        Assert.Equal(("lars", "lewel", 0.001, false, 1.5e-6), (config.Optimizer.Name, config.Optimizer.LarsVariant, config.Optimizer.Eta,
            config.Optimizer.ClipLr, config.Optimizer.WeightDecay));
        Assert.Equal(3.6, config.Optimizer.BaseLr * config.BatchSize / 256, 12);
        Assert.Equal((10.0, 0.0, false), (config.Schedule.WarmupEpochs, config.Schedule.WarmupStartLr, config.Schedule.CosinePerStep));
        Assert.Equal((1.0, 0.1, 0.0, 0.2), (config.Augmentation.View1.BlurProbability, config.Augmentation.View2.BlurProbability,
            config.Augmentation.View1.SolarizeProbability, config.Augmentation.View2.SolarizeProbability));
        Assert.Equal(0.2, config.Augmentation.View1.CropScaleMin);
    }

    [Theory]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.MocoV2Plus)]
    public void ImageNet_MocoV2_IsMocoV2WithConstantMomentumAndNoWarmup(string method)
    {
        var config = Presets.For(method, Presets.ImageNet);
        Assert.Equal((256, 0.03, 0.999, 0.999, 0.0), (config.BatchSize, config.Optimizer.BaseLr, config.Target.BaseMomentum, config.Target.FinalMomentum, config.Schedule.WarmupEpochs));
        Assert.Equal((2048, 128, 65536), (config.Heads.ProjectorHidden, config.Heads.Dim, config.Moco.QueueSize));
        Assert.Equal(8, config.Moco.BnSplits);   // 8 GPUs × 32 images: shuffle-BN's groups
        Assert.Empty(RunConfigValidator.ValidateFields(config));
    }

    [Fact]
    public void Describe_SaysWhichRecipeEachMocoVariantGets()
    {
        Assert.Contains("mocov2plus", Presets.Describe(Presets.Small), StringComparison.Ordinal);
        Assert.Contains("official MoCo v2 recipe (mocov2", Presets.Describe(Presets.ImageNet), StringComparison.Ordinal);
    }

    [Fact]
    public void For_UnknownPresetOrMethod_NamesTheField()
    {
        Assert.Equal("preset", Assert.Throws<ConfigException>(() => Presets.For(MethodIds.Byol, "cifar")).Errors.Single().Path);
        Assert.Equal("method", Assert.Throws<ConfigException>(() => Presets.For("simclr", Presets.Small)).Errors.Single().Path);
    }

    [Theory]
    [InlineData(MethodIds.Byol)]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.MocoV2)]
    [InlineData(MethodIds.MocoV2Plus)]
    [InlineData(MethodIds.LewelM)]
    public void Quick_EveryMethod_IsTheSmallRecipeNarrowedToACpu_OnTheStencilShapes(string method)
    {
        var quick = Presets.For(method, Presets.Quick);
        var small = Presets.For(method, Presets.Small);
        var (kind, argument) = Lewel.Engine.Data.DatasetCatalog.Split(quick.Dataset);
        Assert.Equal(("shapes", Lewel.Engine.Data.Shapes.ShapesScene.Stencil), (kind, Lewel.Engine.Data.Shapes.ShapesSpec.Parse(argument).Scene));
        Assert.True(quick.Steps is > 0 && quick.Width < small.Width && quick.BatchSize < small.BatchSize);
        Assert.Equal((small.Optimizer.Name, small.Schedule.CosinePerStep), (quick.Optimizer.Name, quick.Schedule.CosinePerStep));
        // The BYOL family's target starts at momentum 0.9, not 0.99, and still ends at the small recipe's 1.
        var target = MethodIds.IsByolFamily(method) ? small.Target with { BaseMomentum = 0.9 } : small.Target;
        Assert.Equal(target, quick.Target);
        // What made the trial learn (RESULTS.md): a queue of a quarter of the data set, sharper maps, milder crops, no blur.
        Assert.Equal((512, 2, 0.1), (quick.Moco.QueueSize, quick.Moco.AlignedQueueSteps, quick.Lewel.Scale));
        Assert.All([quick.Augmentation.View1, quick.Augmentation.View2], v => Assert.Equal((0.3, 0.0), (v.CropScaleMin, v.BlurProbability)));
        Assert.Equal(MethodIds.IsByolFamily(method) ? small.Optimizer.BaseLr : 4 * small.Optimizer.BaseLr, quick.Optimizer.BaseLr);
        Assert.Equal(quick.ToJson(), RunConfigMerger.Resolve($$"""{"method":"{{method}}","preset":"quick"}""").ToJson());
        Assert.Empty(RunConfigValidator.Validate(quick));
    }
}
