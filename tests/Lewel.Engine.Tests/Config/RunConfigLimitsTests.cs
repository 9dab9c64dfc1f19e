using Lewel.Engine.Config;
using Lewel.Engine.Tests.TestSupport;

namespace Lewel.Engine.Tests.Config;

public class RunConfigLimitsTests
{
    private static readonly RunConfig Valid = TinyConfigs.For(MethodIds.LewelM);

    /// <summary>The values the hostile-input probe got accepted, and one past each other bound.</summary>
    public static TheoryData<string, Func<RunConfig, RunConfig>> AboveTheLimit() => new()
    {
        { "batchSize", c => c with { BatchSize = 1_000_000_000 } },
        { "imageSize", c => c with { ImageSize = 100_000 } },
        { "maxSourceSide", c => c with { MaxSourceSide = RunConfigLimits.MaxSourceSide + 1 } },
        { "width", c => c with { Width = 1e6 } },
        { "steps", c => c with { Steps = int.MaxValue } },
        { "epochs", c => c with { Epochs = RunConfigLimits.MaxEpochs + 1 } },
        { "threads", c => c with { Threads = 100_000 } },
        { "heads.projectorHidden", c => c with { Heads = c.Heads with { ProjectorHidden = 2_000_000_000 } } },
        { "heads.predictorHidden", c => c with { Method = MethodIds.LewelB, Heads = c.Heads with { PredictorHidden = RunConfigLimits.MaxHiddenWidth + 1 } } },
        { "heads.dim", c => c with { Heads = c.Heads with { Dim = 1 << 20 } } },
        { "lewel.numHeads", c => c with { Heads = c.Heads with { Dim = 4096 }, Lewel = c.Lewel with { NumHeads = 2048 } } },
        { "moco.queueSize", c => c with { Moco = c.Moco with { QueueSize = int.MaxValue } } },
        { "moco.alignedQueueSize", c => c with { Moco = c.Moco with { AlignedQueueSize = 1 << 30 } } },
        { "monitor.probeIndices", c => c with { Monitor = c.Monitor with { ProbeIndices = Enumerable.Range(0, 65).ToArray() } } },
        { "monitor.knnK", c => c with { Monitor = c.Monitor with { KnnK = 1_000_000 } } },
        { "monitor.snapshotEverySteps", c => c with { Monitor = c.Monitor with { SnapshotEverySteps = int.MaxValue } } },
        { "optimizer.baseLr", c => c with { Optimizer = c.Optimizer with { BaseLr = 1e9 } } },
        { "augmentation.view1.brightness", c => c with { Augmentation = c.Augmentation with { View1 = c.Augmentation.View1 with { Brightness = 1e5 } } } },
        { "augmentation.mean[0]", c => c with { Augmentation = c.Augmentation with { Mean = [125.3, 0.5, 0.5], Std = [0.2, 0.2, 0.2] } } },
        { "dataset", c => c with { Dataset = "shapes:" + new string(',', RunConfigLimits.MaxDatasetSpecLength) } },
    };

    [Theory]
    [MemberData(nameof(AboveTheLimit))]
    public void Validate_AValueAboveItsBound_NamesTheFieldAndTheBound(string path, Func<RunConfig, RunConfig> spoil)
    {
        var errors = RunConfigValidator.Validate(spoil(Valid));
        var error = Assert.Single(errors, e => e.Path == path);
        Assert.Matches(@"limit|at most|in \[0, 1\]", error.Message);
    }

    [Fact]
    public void Validate_EveryRecipe_AndAGpuSizedRun_AreWithinEveryBound()
    {
        foreach (var method in MethodIds.All)
        foreach (var preset in Presets.Names.Where(p => Presets.AppliesTo(method, p)))
        {
            // The quick trial's length and warm-up are sized to its own data set.
            var recipe = Presets.For(method, preset);
            Assert.Empty(RunConfigValidator.Validate(preset == Presets.Quick ? recipe : recipe with { Dataset = "cifar10:/data/cifar" }));
        }
        var large = Presets.For(MethodIds.MocoV2, Presets.ImageNet) with
        {
            Dataset = "cifar10:/data/cifar", BatchSize = 4096, ImageSize = 1024, Width = 2,
            Moco = new MocoConfig { QueueSize = 1 << 20, AlignedQueueSize = 1 << 20 },
        };
        Assert.Empty(RunConfigValidator.Validate(large));
    }

    public static TheoryData<string, Func<RunConfig, RunConfig>> NonFinite() => new()
    {
        { "optimizer.eta", c => c with { Optimizer = c.Optimizer with { Name = "sgd", Eta = double.NaN } } },           // unused by sgd: was a 500
        { "optimizer.eta", c => c with { Optimizer = c.Optimizer with { Name = "sgd", Eta = double.PositiveInfinity } } },
        { "optimizer.eta", c => c with { Optimizer = c.Optimizer with { Name = "sgd", Eta = double.NegativeInfinity } } },
        { "lewel.scale", c => c with { Lewel = c.Lewel with { Scale = double.NaN } } },
        { "width", c => c with { Width = double.PositiveInfinity } },
        { "target.baseMomentum", c => c with { Target = c.Target with { BaseMomentum = double.NaN } } },
        { "augmentation.view2.hue", c => c with { Augmentation = c.Augmentation with { View2 = c.Augmentation.View2 with { Hue = double.NaN } } } },
        { "augmentation.std[2]", c => c with { Augmentation = c.Augmentation with { Mean = [0.5, 0.5, 0.5], Std = [0.2, 0.2, double.PositiveInfinity] } } },
        { "monitor.knnTemperature", c => c with { Monitor = c.Monitor with { KnnTemperature = double.NegativeInfinity } } },
    };

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void Validate_ANonFiniteNumberAnywhere_IsNamed(string path, Func<RunConfig, RunConfig> spoil)
    {
        var errors = RunConfigValidator.Validate(spoil(Valid));
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains("not a finite number"));
    }

    [Fact]
    public void Validate_WarmupAsLongAsTheRun_NamesBothNumbersAndTheFix()
    {
        // The issue's case: 600 steps with the small preset's 10 warm-up epochs of 4096 / 64 = 64 steps each.
        var config = Presets.For(MethodIds.LewelB, Presets.Small) with { Dataset = "shapes:size=32,n=4096,seed=1", BatchSize = 64, Steps = 600 };
        var error = Assert.Single(RunConfigValidator.Validate(config));
        Assert.Equal("schedule.warmupEpochs", error.Path);
        Assert.Contains("640 steps", error.Message);
        Assert.Contains("600 steps", error.Message);
        Assert.Contains("Lower schedule.warmupEpochs", error.Message);
        Assert.Empty(RunConfigValidator.Validate(config with { Steps = 641 }));
    }

    [Fact]
    public void Validate_QueueThatIsNotAMultipleOfTheKeysPerStep_IsRefused()
    {
        var error = Assert.Single(RunConfigValidator.Validate(Valid with { Moco = Valid.Moco with { QueueSize = 4 * TinyConfigs.BatchSize + 1 } }));
        Assert.Equal("moco.queueSize", error.Path);
        Assert.Contains($"multiple of the {TinyConfigs.BatchSize} keys", error.Message);
    }

    [Fact]
    public void Validate_ProbeIndexPastTheTestSplit_NamesTheSplitSize()
    {
        var config = Valid with { Dataset = "shapes:size=16,n=64,seed=1,test=10", Monitor = Valid.Monitor with { ProbeIndices = [0, 10] } };
        var error = Assert.Single(RunConfigValidator.Validate(config));
        Assert.Equal("monitor.probeIndices[1]", error.Path);
        Assert.Contains("has 10 images", error.Message);
    }

    [Fact]
    public void Validate_BatchLargerThanTheDataSet_IsRefused()
    {
        var error = Assert.Single(RunConfigValidator.Validate(Valid with { Dataset = "shapes:size=16,n=4,seed=1" }));
        Assert.Equal("batchSize", error.Path);
    }

    [Fact]
    public void Check_SnapshotIntervalLongerThanTheRun_IsAWarningNotAnError()
    {
        var check = RunConfigValidator.Check(Valid with { Steps = 5, Monitor = Valid.Monitor with { SnapshotEverySteps = 50 } });
        Assert.True(check.IsValid);
        Assert.Contains(check.Warnings, w => w.Path == "monitor.snapshotEverySteps");
    }

    [Theory]
    [InlineData("linear", 700, true, true)]       // 700 × 8/256 = 21.9: baseLr read as per batch
    [InlineData("absolute", 700, true, false)]    // 700 is the run's own lr: too high, but not a scaling mistake
    [InlineData("absolute", 3.6, false, false)]   // the official 3.6 is fine whatever the batch
    public void Check_LargeRunLr_WarnsAndSaysWhetherItWasScaled(string rule, double baseLr, bool warns, bool mentionsScaling)
    {
        var check = RunConfigValidator.Check(Valid with { Optimizer = Valid.Optimizer with { BaseLr = baseLr, LrRule = rule } });
        Assert.True(check.IsValid);
        var warning = check.Warnings.SingleOrDefault(w => w.Path == "optimizer.baseLr");
        Assert.Equal(warns, warning is not null);
        Assert.Equal(mentionsScaling, warning?.Message.Contains("per 256 images") ?? false);
    }

    [Fact]
    public void ValidateFields_IgnoresTheContradictionRules_ForConfigsThatAlreadyRan()
    {
        var config = Presets.For(MethodIds.LewelB, Presets.Small) with { Dataset = "shapes:size=32,n=4096,seed=1", BatchSize = 64, Steps = 600 };
        Assert.NotEmpty(RunConfigValidator.Validate(config));
        Assert.Empty(RunConfigValidator.ValidateFields(config));
    }
}
