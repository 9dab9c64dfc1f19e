using Lewel.Engine.Config;
using Lewel.Engine.Tests.TestSupport;

namespace Lewel.Engine.Tests.Config;

public class RunConfigValidatorTests
{
    private static readonly RunConfig Valid = TinyConfigs.For(MethodIds.LewelM);

    public static TheoryData<string, Func<RunConfig, RunConfig>> BadFields() => new()
    {
        { "method", c => c with { Method = "simclr" } },
        { "preset", c => c with { Preset = "huge" } },
        { "dataset", c => c with { Dataset = " " } },
        { "backbone", c => c with { Backbone = "vit" } },
        { "width", c => c with { Width = 0 } },
        { "stem", c => c with { Stem = "cifar" } },
        { "stemPadding", c => c with { StemPadding = 3 } },
        { "imageSize", c => c with { ImageSize = 8 } },                          // 1×1 map: too small for LEWEL
        { "imageSize", c => c with { Stem = "imagenet", ImageSize = 32 } },     // 1×1 map through the ImageNet stem
        { "maxSourceSide", c => c with { MaxSourceSide = c.ImageSize - 1 } },   // originals smaller than the views
        { "batchSize", c => c with { BatchSize = 0 } },
        { "epochs", c => c with { Epochs = null, Steps = null } },
        { "epochs", c => c with { Epochs = -1 } },
        { "steps", c => c with { Steps = 0 } },
        { "device", c => c with { Device = "gpu" } },
        { "threads", c => c with { Threads = -2 } },
        { "heads.dim", c => c with { Heads = c.Heads with { Dim = 0 } } },
        { "heads.projectorHidden", c => c with { Heads = c.Heads with { ProjectorHidden = -1 } } },
        { "lewel.numHeads", c => c with { Lewel = c.Lewel with { NumHeads = 3 } } },                    // divides neither K = 32 nor C = 32
        { "lewel.numHeads", c => c with { Heads = c.Heads with { Dim = 48 }, Lewel = c.Lewel with { NumHeads = 3 } } }, // divides K, not C
        { "lewel.scale", c => c with { Lewel = c.Lewel with { Scale = 0 } } },
        { "lewel.alpha", c => c with { Lewel = c.Lewel with { Alpha = 1.5 } } },
        { "moco.temperature", c => c with { Moco = c.Moco with { Temperature = 0 } } },
        { "moco.queueSize", c => c with { Moco = c.Moco with { QueueSize = 36 } } },
        { "moco.alignedQueueSize", c => c with { Moco = c.Moco with { AlignedQueueSize = 100 } } },
        { "moco.alignedQueueSteps", c => c with { Moco = c.Moco with { AlignedQueueSize = null, AlignedQueueSteps = 0 } } },
        { "target.update", c => c with { Target = c.Target with { Update = "swa" } } },
        { "target.baseMomentum", c => c with { Target = c.Target with { BaseMomentum = -0.1 } } },
        { "target.finalMomentum", c => c with { Target = c.Target with { BaseMomentum = 0.99, FinalMomentum = 0.9 } } },
        { "optimizer.name", c => c with { Optimizer = c.Optimizer with { Name = "adam" } } },
        { "optimizer.baseLr", c => c with { Optimizer = c.Optimizer with { BaseLr = 0 } } },
        { "optimizer.weightDecay", c => c with { Optimizer = c.Optimizer with { WeightDecay = -1e-4 } } },
        { "optimizer.momentum", c => c with { Optimizer = c.Optimizer with { Momentum = 1 } } },
        { "optimizer.eta", c => c with { Optimizer = c.Optimizer with { Name = "lars", Eta = 0 } } },
        { "optimizer.larsVariant", c => c with { Optimizer = c.Optimizer with { Name = "lars", LarsVariant = "nvidia" } } },
        { "optimizer.clipLr", c => c with { Optimizer = c.Optimizer with { Name = "lars", LarsVariant = "lewel", ClipLr = true } } },
        { "optimizer.lrRule", c => c with { Optimizer = c.Optimizer with { LrRule = "sqrt" } } },
        { "optimizer.exclusionRule", c => c with { Optimizer = c.Optimizer with { ExcludeBiasAndNorm = true, ExclusionRule = "timm" } } },
        { "optimizer.excludeNeckNorm", c => c with { Optimizer = c.Optimizer with { ExcludeBiasAndNorm = true, ExclusionRule = "solo-learn", ExcludeNeckNorm = true } } },
        { "preset", c => c with { Preset = Presets.LewelBOfficial100Ep } },  // a LEWEL_B recipe on LEWEL_M
        { "schedule.warmupEpochs", c => c with { Schedule = c.Schedule with { WarmupEpochs = 1 } } },    // the whole 1-epoch run
        { "schedule.warmupStartLr", c => c with { Schedule = c.Schedule with { WarmupStartLr = -1 } } },
        { "schedule.minLr", c => c with { Schedule = c.Schedule with { MinLr = double.NaN } } },
        { "augmentation.view1.cropScaleMin", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { CropScaleMin = 0.9, CropScaleMax = 0.5 } } } },
        { "augmentation.view2.cropScaleMax", c => c with { Augmentation = c.Augmentation with { View2 = c.Augmentation.View2 with { CropScaleMax = 1.2 } } } },
        { "augmentation.view1.cropRatioMin", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { CropRatioMin = 2, CropRatioMax = 1 } } } },
        { "augmentation.view2.solarizeProbability", c => c with { Augmentation = c.Augmentation with { View2 = c.Augmentation.View2 with { SolarizeProbability = 1.2 } } } },
        { "augmentation.view1.flipProbability", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { FlipProbability = -0.5 } } } },
        { "augmentation.view1.blurProbability", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { BlurProbability = 2 } } } },
        { "augmentation.view1.hue", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { Hue = 0.6 } } } },
        { "augmentation.view1.interpolation", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { Interpolation = "nearest" } } } },
        { "augmentation.view2.blurSigmaMin", c => c with { Augmentation = c.Augmentation with { View2 = c.Augmentation.View2 with { BlurSigmaMin = 3 } } } },
        { "augmentation.std", c => c with { Augmentation = c.Augmentation with { Std = [0.2, 0.2] } } },
        { "augmentation.std[1]", c => c with { Augmentation = c.Augmentation with { Std = [0.2, 0, 0.2] } } },
        { "monitor.knnK", c => c with { Monitor = c.Monitor with { KnnK = 0 } } },
        { "monitor.probeIndices[1]", c => c with { Monitor = c.Monitor with { ProbeIndices = [0, -1] } } },
        { "heads", c => c with { Heads = null! } },
    };

    [Fact]
    public void Validate_TheRecordDefaults_AreValid() => Assert.Empty(RunConfigValidator.Validate(new RunConfig()));

    [Fact]
    public void Validate_TheTinyTestConfigs_AreValid()
    {
        foreach (var method in MethodIds.All)
            Assert.Empty(RunConfigValidator.Validate(TinyConfigs.For(method)));
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Validate_OneBadField_IsNamedByItsPath(string path, Func<RunConfig, RunConfig> spoil)
    {
        var errors = RunConfigValidator.Validate(spoil(Valid));
        Assert.True(errors.Count >= 1);
        Assert.True(errors.All(e => e.Path == path), $"expected only {path}, got: {string.Join(" | ", errors)}");
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Validate_ManyBadFields_ReportsThemAll()
    {
        var config = Valid with { BatchSize = -1, Method = "simclr", Lewel = Valid.Lewel with { Alpha = -1 }, Device = "tpu" };
        var paths = RunConfigValidator.Validate(config).Select(e => e.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "batchSize", "method", "lewel.alpha", "device" }, paths);
    }

    [Fact]
    public void Validate_Messages_SayWhatIsWrong()
    {
        var queue = RunConfigValidator.Validate(Valid with { Moco = Valid.Moco with { QueueSize = 36 } }).Single();
        Assert.Equal("moco.queueSize: 36 is not a multiple of the 8 keys enqueued per step (batchSize)", queue.ToString());
        var heads = RunConfigValidator.Validate(Valid with { Lewel = Valid.Lewel with { NumHeads = 5 } });
        Assert.Contains(heads, e => e.Message.Contains("K = heads.dim = 32"));
        Assert.Contains(heads, e => e.Message.Contains("C = 32 (resnet18 at width 0.0625)"));
    }

    [Fact]
    public void Validate_QueueSizesOnlyMatterForQueueMethods()
    {
        var byol = TinyConfigs.For(MethodIds.Byol) with { Moco = new MocoConfig { QueueSize = 7, AlignedQueueSize = 3 } };
        Assert.Empty(RunConfigValidator.Validate(byol));
        var moco = TinyConfigs.For(MethodIds.MocoV2) with { Moco = new MocoConfig { QueueSize = 32, AlignedQueueSize = 3 } };
        Assert.Empty(RunConfigValidator.Validate(moco));
    }

    [Theory]
    [InlineData(3, "3 BN sub-batches do not divide the batch of 8 (batchSize)")]
    [InlineData(0, "0 is not a positive number of BN sub-batches")]
    public void Validate_MocoV2BnSplitsThatDoNotFitTheBatch_AreNamed(int splits, string message)
    {
        var config = TinyConfigs.For(MethodIds.MocoV2) with { Moco = TinyConfigs.For(MethodIds.MocoV2).Moco with { BnSplits = splits } };
        var error = Assert.Single(RunConfigValidator.Validate(config));
        Assert.Equal(("moco.bnSplits", true), (error.Path, error.Message.Contains(message, StringComparison.Ordinal)));
        // MoCo V2+ has no split BN: the field does not concern it.
        Assert.Empty(RunConfigValidator.Validate(config with { Method = MethodIds.MocoV2Plus }));
    }

    [Theory]
    [InlineData(MethodIds.LewelB)]
    [InlineData(MethodIds.MocoV2Plus)]
    public void Validate_MatchLewelHeadsOnAnotherMethodThanByol_IsRefused(string method)
    {
        var config = TinyConfigs.For(method) with { Heads = TinyConfigs.For(method).Heads with { MatchLewel = true } };
        Assert.Equal("heads.matchLewel", Assert.Single(RunConfigValidator.Validate(config)).Path);
        Assert.Empty(RunConfigValidator.Validate(config with { Method = MethodIds.Byol, Optimizer = TinyConfigs.For(MethodIds.Byol).Optimizer }));
    }

    [Fact]
    public void ThrowIfInvalid_ListsEveryErrorInTheMessage()
    {
        var error = Assert.Throws<ConfigException>(() => RunConfigValidator.ThrowIfInvalid(Valid with { BatchSize = 1, Width = -1 }));
        Assert.Contains("batchSize:", error.Message);
        Assert.Contains("width:", error.Message);
        Assert.Equal(2, error.Errors.Count);
    }
}
