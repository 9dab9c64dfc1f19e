using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Config;

/// <summary>Per-method recipes that fill what a user leaves out (lewel-method.md §6–§7). <see cref="Small"/>: ResNet-18,
/// 32 px, solo-learn's CIFAR recipes (§7.2, §6.3): byol.yaml for BYOL and LEWEL_B, mocov2plus.yaml for MoCo V2+ and
/// LEWEL_M, and the same mocov2plus recipe for official MoCo v2 (plus 8 BN sub-batches), so the two MoCo variants differ
/// only in directions and shuffle-BN. <see cref="ImageNet"/>: ResNet-50, 224 px, the official LEWEL_B EMAN scripts
/// (BYOL, LEWEL_B) and the official MoCo v2 recipe (main_moco.py with --mlp --aug-plus --cos, §7.1, §6.1, §6.2), which
/// MoCo V2+ and LEWEL_M run on too. The data set, device, seed and monitor settings are the
/// <see cref="RunConfig"/> defaults. Merge a user's JSON over a preset with <see cref="RunConfigMerger"/>.</summary>
public static partial class Presets
{
    public const string Small = "small";
    public const string ImageNet = "imagenet";
    /// <summary>The arguments of the official LEWEL_B EMAN 100-epoch log, field by field (§4.5); LEWEL_B only.</summary>
    public const string LewelBOfficial100Ep = "lewel-b-official-100ep";
    /// <summary>The quick trial: minutes on a CPU, tuned so that a first run visibly learns (<see cref="QuickRecipe"/>).</summary>
    public const string Quick = "quick";
    public static readonly IReadOnlyList<string> Names = [Small, ImageNet, LewelBOfficial100Ep, Quick];

    /// <summary>One line per preset, for the CLI's help and the form.</summary>
    public static string Describe(string preset) => preset switch
    {
        Small => "ResNet-18 · 32 px, solo-learn's CIFAR recipes (byol; mocov2plus, also for mocov2 with 8 BN splits)",
        ImageNet => "ResNet-50 · 224 px, the official LEWEL_B EMAN scripts (byol, lewel-b) and the official MoCo v2 recipe (mocov2; also mocov2plus, lewel-m)",
        Quick => QuickDescription,
        LewelBOfficial100Ep => "LEWEL_B only: the official 100-epoch EMAN log's arguments (ResNet-50 · 224 px, batch 1024, lr 3.6 absolute, " +
                               "wd 1e-6); the log used AMP, which TorchSharp does not offer, so this runs in float32",
        _ => throw new ConfigException([new ConfigError("preset", $"'{preset}' is not a preset: use one of {string.Join(", ", Names)}")]),
    };

    /// <summary>The methods a preset has a recipe for.</summary>
    public static IReadOnlyList<string> MethodsOf(string preset) => preset == LewelBOfficial100Ep ? [MethodIds.LewelB] : MethodIds.All;

    public static bool AppliesTo(string methodId, string preset) => Names.Contains(preset) && MethodsOf(preset).Contains(methodId);

    public static RunConfig For(string methodId, string preset)
    {
        if (!MethodIds.All.Contains(methodId))
            throw new ConfigException([new ConfigError("method", $"'{methodId}' is not a method: use one of {string.Join(", ", MethodIds.All)}")]);
        if (Names.Contains(preset) && !AppliesTo(methodId, preset))
            throw new ConfigException([new ConfigError("preset", $"'{preset}' is a recipe for {string.Join(", ", MethodsOf(preset))} only, not {methodId}")]);
        return preset switch
        {
            Small => SmallRecipe(methodId),
            ImageNet => ImageNetRecipe(methodId),
            LewelBOfficial100Ep => OfficialLewelB100EpochRecipe(),
            Quick => QuickRecipe(methodId),
            _ => throw new ConfigException([new ConfigError("preset", $"'{preset}' is not a preset: use one of {string.Join(", ", Names)}")]),
        };
    }

    private static RunConfig SmallRecipe(string methodId)
    {
        var byolFamily = MethodIds.IsByolFamily(methodId);
        return new RunConfig
        {
            Method = methodId,
            Preset = Small,
            Backbone = "resnet18",               // §7.2
            Width = 1.0,                         // §7.2 (full ResNet-18; narrow it for CPU runs)
            ImageSize = 32,                      // §7.2
            Stem = "small",                      // §7.2: 3×3 stride 1, no max-pool
            StemPadding = 2,                     // §7.2: solo-learn's padding 2 → 5×5 map, comparable with its numbers
            Epochs = 1000,                       // §7.2 (solo-learn byol.yaml / mocov2plus.yaml)
            Steps = null,
            BatchSize = 256,                     // §7.2
            Heads = byolFamily
                ? new HeadConfig { ProjectorHidden = 4096, Dim = 256, PredictorHidden = 4096 }  // §7.2 BYOL / LEWEL_B
                : new HeadConfig { ProjectorHidden = 2048, Dim = 256, PredictorHidden = 4096 }, // §7.2 MoCo V2+ (and MoCo v2) / LEWEL_M (no predictor)
            Lewel = new LewelConfig { NumHeads = 4, Scale = 1.0, Alpha = 0.5 },                  // §7.2: M / s / α = 4 / 1 / 0.5
            Moco = new MocoConfig { QueueSize = 32768, Temperature = 0.2, AlignedQueueSteps = 8, BnSplits = 8 }, // §7.2: 32768 per view, τ 0.2; aligned: §5's 8 steps; mocov2: the MoCo demo's 8 BN splits
            Target = byolFamily
                ? new TargetConfig { Update = "ema", BaseMomentum = 0.99, FinalMomentum = 1.0 }   // §7.2: τ 0.99 → 1, plain EMA
                : new TargetConfig { Update = "ema", BaseMomentum = 0.99, FinalMomentum = 0.999 }, // §7.2: τ 0.99 → 0.999
            Optimizer = byolFamily
                ? new OptimizerConfig                 // §7.2: LARS, lr 1.0 × bs/256, wd 1e-5, η 0.02, clip_lr, exclude bias/norm
                {
                    Name = OptimizerIds.Lars, BaseLr = 1.0, WeightDecay = 1e-5, Momentum = 0.9, Eta = 0.02,
                    ClipLr = true, ExcludeBiasAndNorm = true, LarsVariant = OptimizerIds.SoloLearnLars,
                }
                : new OptimizerConfig                 // §7.2: SGD, lr 0.3 × bs/256, wd 1e-4, no bias/norm exclusion
                {
                    Name = OptimizerIds.Sgd, BaseLr = 0.3, WeightDecay = 1e-4, Momentum = 0.9, Eta = 0.02,
                    ClipLr = false, ExcludeBiasAndNorm = false, LarsVariant = OptimizerIds.SoloLearnLars,
                },
            Schedule = new ScheduleConfig { WarmupEpochs = 10, WarmupStartLr = 3e-5, CosinePerStep = true, MinLr = 0 }, // §7.2
            Augmentation = byolFamily ? SoloLearnAsymmetric() : SoloLearnSymmetricWeak(),
        };
    }

    /// <summary>solo-learn <c>asymmetric.yaml</c> (§6.3): no blur; solarize only in view 2; bicubic crops.</summary>
    private static AugmentationConfig SoloLearnAsymmetric()
    {
        var view = new ViewAugmentation
        {
            CropScaleMin = 0.08, CropScaleMax = 1.0, Interpolation = "bicubic", FlipProbability = 0.5,
            JitterProbability = 0.8, Brightness = 0.4, Contrast = 0.4, Saturation = 0.2, Hue = 0.1,
            GrayscaleProbability = 0.2, BlurProbability = 0.0, SolarizeProbability = 0.0,
        };
        return new AugmentationConfig { View1 = view, View2 = view with { SolarizeProbability = 0.2 } };
    }

    /// <summary>solo-learn <c>symmetric_weak.yaml</c> (§6.3): blur 0.5 in both views, saturation 0.4, no solarize.</summary>
    private static AugmentationConfig SoloLearnSymmetricWeak()
    {
        var view = new ViewAugmentation
        {
            CropScaleMin = 0.08, CropScaleMax = 1.0, Interpolation = "bicubic", FlipProbability = 0.5,
            JitterProbability = 0.8, Brightness = 0.4, Contrast = 0.4, Saturation = 0.4, Hue = 0.1,
            GrayscaleProbability = 0.2, BlurProbability = 0.5, SolarizeProbability = 0.0,
        };
        return new AugmentationConfig { View1 = view, View2 = view };
    }

    private static RunConfig ImageNetRecipe(string methodId)
    {
        var byolFamily = MethodIds.IsByolFamily(methodId);
        var common = new RunConfig
        {
            Method = methodId,
            Preset = ImageNet,
            Backbone = "resnet50",               // §7.1
            Width = 1.0,
            ImageSize = 224,                     // §6.1 / §6.2
            Stem = "imagenet",                   // §7.1: standard stem
            StemPadding = 1,
            Steps = null,
            Lewel = new LewelConfig { NumHeads = 4, Scale = 1.0, Alpha = 0.5 },   // §7.1: M / s / α = 4 / 1 / 0.5
            Schedule = new ScheduleConfig { WarmupStartLr = 0, CosinePerStep = false, MinLr = 0 }, // §4.4: cosine per epoch, no floor
            Augmentation = new AugmentationConfig
            {
                Mean = [0.485, 0.456, 0.406],    // §6.1: ImageNet statistics
                Std = [0.229, 0.224, 0.225],
            },
        };
        if (byolFamily)
        {
            // The official LEWEL_B EMAN scripts (§7.1, §4.4); BYOL uses the same recipe so the comparison is fair.
            return common with
            {
                Epochs = 200,                    // §7.1 (100 / 200)
                BatchSize = 1024,                // §7.1
                Heads = new HeadConfig { ProjectorHidden = 4096, Dim = 256, PredictorHidden = 4096 }, // §7.1
                Target = new TargetConfig { Update = "eman", BaseMomentum = 0.98, FinalMomentum = 1.0 }, // §4.3: EMAN, 0.98 → 1
                Optimizer = new OptimizerConfig  // §4.4: LARS η 0.001, mom 0.9, no clipping, lr inside the buffer
                {
                    Name = OptimizerIds.Lars, BaseLr = 0.9, // 3.6 at batch 1024 (§4.4) = 0.9 × 1024/256
                    WeightDecay = 1.5e-6,        // §4.4: EMAN 200-ep script
                    Momentum = 0.9, Eta = 0.001, ClipLr = false, ExcludeBiasAndNorm = true, LarsVariant = OptimizerIds.LewelLars,
                    ExclusionRule = OptimizerIds.LewelExclusion, // §4.4: main.py's groups by name (mlp.1 excluded under EMAN)
                },
                Schedule = common.Schedule with { WarmupEpochs = 10 }, // §4.4: 10 epochs, linear per iteration
                Augmentation = common.Augmentation with { View1 = ByolView(blur: 1.0, solarize: 0.0), View2 = ByolView(blur: 0.1, solarize: 0.2) }, // §6.1
            };
        }
        // Official MoCo v2 (§7.1 [MOCO]), also for MoCo V2+ and the LEWEL_M best guess (§5, §7.1).
        var mocoView = new ViewAugmentation   // §6.2 (--aug-plus)
        {
            CropScaleMin = 0.2, CropScaleMax = 1.0, Interpolation = "bilinear", FlipProbability = 0.5,
            JitterProbability = 0.8, Brightness = 0.4, Contrast = 0.4, Saturation = 0.4, Hue = 0.1,
            GrayscaleProbability = 0.2, BlurProbability = 0.5, SolarizeProbability = 0.0,
        };
        return common with
        {
            Epochs = 200,                        // §7.1
            BatchSize = 256,                     // §7.1
            Heads = new HeadConfig { ProjectorHidden = 2048, Dim = 128, PredictorHidden = 4096 }, // §7.1: 2048 → 2048 → 128
            Moco = new MocoConfig { QueueSize = 65536, Temperature = 0.2, AlignedQueueSteps = 8, BnSplits = 8 }, // §5, §7.1: 65536 at 256·32 keys a step = 8 steps; shuffle-BN over 8 GPUs of 32
            Target = new TargetConfig { Update = "ema", BaseMomentum = 0.999, FinalMomentum = 0.999 }, // §7.1: constant 0.999
            Optimizer = new OptimizerConfig      // §7.1: SGD mom 0.9, lr 0.03 at batch 256, wd 1e-4
            {
                Name = OptimizerIds.Sgd, BaseLr = 0.03, WeightDecay = 1e-4, Momentum = 0.9, Eta = 0.001,
                ClipLr = false, ExcludeBiasAndNorm = false, LarsVariant = OptimizerIds.SoloLearnLars,
            },
            Schedule = common.Schedule with { WarmupEpochs = 0 }, // §7.1: no warm-up
            Augmentation = common.Augmentation with { View1 = mocoView, View2 = mocoView },
        };
    }

    /// <summary>The official LEWEL_B EMAN 100-epoch log (§4.5), on the ImageNet recipe's network and views (§7.1, §6.1).</summary>
    private static RunConfig OfficialLewelB100EpochRecipe()
    {
        var imagenet = ImageNetRecipe(MethodIds.LewelB);
        return imagenet with
        {
            Preset = LewelBOfficial100Ep,
            Epochs = 100,                        // §4.5: the 100-epoch run
            BatchSize = 1024,                    // §4.5: bs 1024 (8 GPUs)
            Heads = new HeadConfig { ProjectorHidden = 4096, Dim = 256, PredictorHidden = 4096 }, // §4.5: hid 4096, dim 256
            Lewel = new LewelConfig { NumHeads = 4, Scale = 1.0, Alpha = 0.5 },                   // §4.5: M = 4, s = 1, α = 0.5
            Target = new TargetConfig { Update = TargetUpdates.EmanId, BaseMomentum = 0.98, FinalMomentum = 1.0 }, // §4.5: m₀ 0.98; §4.3: cosine to 1, EMAN
            Optimizer = imagenet.Optimizer with
            {
                LrRule = OptimizerIds.AbsoluteLrRule,
                BaseLr = 3.6,                    // §4.5: lr 3.6, for the total batch (§4.4: no scaling in code)
                WeightDecay = 1e-6,              // §4.5: wd 1e-6
                ExclusionRule = OptimizerIds.LewelExclusion,
                ExcludeNeckNorm = false,         // §4.4: the logged run's older code decayed the mlp.1 weights under EMAN
            },
            Schedule = new ScheduleConfig { WarmupEpochs = 10, WarmupStartLr = 0, CosinePerStep = false, MinLr = 0 }, // §4.5 / §4.4
        };
    }

    /// <summary>§6.1: the LEWEL_B ImageNet view; the two views differ only in blur and solarize.</summary>
    private static ViewAugmentation ByolView(double blur, double solarize) => new()
    {
        CropScaleMin = 0.2, CropScaleMax = 1.0, Interpolation = "bilinear", FlipProbability = 0.5,
        JitterProbability = 0.8, Brightness = 0.4, Contrast = 0.4, Saturation = 0.2, Hue = 0.1,
        GrayscaleProbability = 0.2, BlurProbability = blur, SolarizeProbability = solarize,
    };
}
