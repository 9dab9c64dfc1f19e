using Lewel.Engine.Methods;

namespace Lewel.Engine.Config;

public static partial class Presets
{
    private const string QuickDescription =
        "minutes on a CPU: ResNet-18 ×1/8 on the stencil shapes, 640 steps; BYOL, LEWEL_B, MoCo V2+ and LEWEL_M beat random init there (RESULTS.md)";

    /// <summary>The method the form's Quick CPU trial launches, paired with its baseline BYOL: LEWEL_B, whose maps lean
    /// onto the objects within the trial's minutes (RESULTS.md); LEWEL_M learns faster there, but its maps settle on the
    /// objects' edges.</summary>
    public const string QuickTrialMethod = MethodIds.LewelB;

    /// <summary>The quick trial's data: 2,048 training and 1,000 test images of the stencil scene, a light object on the
    /// same dark background in every image, so that only the object tells one image from another.</summary>
    public const string QuickDataset = "shapes:size=32,n=2048,seed=1,test=1000,scene=stencil";

    /// <summary>The quick trial, for every method: the small recipe narrowed to a CPU, with the changes that made a run
    /// of under 10 minutes on 2 cores beat the same backbone at random init (RESULTS.md, "The quick trial"):
    /// <list type="bullet">
    /// <item>a key queue of 512, a quarter of the data set, so that an image's own older keys are rarely among its
    /// negatives (4,096 kept MoCo V2+ from starting instance discrimination at all), and an aligned queue of 2 steps;</item>
    /// <item>4× the small recipe's MoCo learning rate (base 1.2, 0.3 at batch 64);</item>
    /// <item>for official MoCo v2, 4 BN sub-batches instead of 8;</item>
    /// <item>map scale s = 0.1: at s = 1 every logit lies within ±1/√K of the others' and the maps stay uniform;</item>
    /// <item>crops of at least 30 % and no blur, at 32 px, and stem padding 1;</item>
    /// <item>for the BYOL family, a target momentum that starts at 0.9 instead of 0.99 (LEWEL_B 49.4 → 63.3 % kNN); it
    /// keeps the small recipe's optimiser.</item>
    /// </list></summary>
    private static RunConfig QuickRecipe(string methodId)
    {
        var small = SmallRecipe(methodId);
        var byolFamily = MethodIds.IsByolFamily(methodId);
        var view1 = small.Augmentation.View1 with { CropScaleMin = 0.3, BlurProbability = 0 };
        var view2 = small.Augmentation.View2 with { CropScaleMin = 0.3, BlurProbability = 0 };
        return small with
        {
            Preset = Quick,
            Dataset = QuickDataset,
            Width = 0.125,
            StemPadding = 1,                     // a 4×4 map whose every position lies inside the image; padding 2's outer ring drew the maps to the borders
            Epochs = null,
            Steps = 640,
            BatchSize = 64,
            Heads = small.Heads with { ProjectorHidden = 512, Dim = 128, PredictorHidden = 512 },
            Lewel = small.Lewel with { Scale = 0.1 },
            // Official MoCo v2's shuffle-BN emulation in 4 sub-batches, 16 images each (8 in the unit test's batch of 32):
            // the demo's 8 left 4 images a sub-batch there, and it went 16.2 → 23.0 in 320 steps against 30.2 with 4
            Moco = small.Moco with { QueueSize = 512, AlignedQueueSteps = 2, BnSplits = 4 },
            Optimizer = byolFamily ? small.Optimizer : small.Optimizer with { BaseLr = 4 * small.Optimizer.BaseLr },
            // A target that follows the online network ten times faster; at 0.99 the BYOL family's features were no better than random init's for most of the run
            Target = byolFamily ? small.Target with { BaseMomentum = 0.9 } : small.Target,
            Schedule = small.Schedule with { WarmupEpochs = 2 },
            Augmentation = small.Augmentation with { View1 = view1, View2 = view2 },
            // Each snapshot renders every probe's maps (about 6 MB and 2 s a probe on this machine, busy): at 8 probes every 40 steps
            // they took LEWEL_M's trial from 9 to 14.5 minutes, so 4 probes every 160 steps (5 snapshots with the first).
            Monitor = small.Monitor with { ProbeIndices = [0, 1, 2, 3], SnapshotEverySteps = 160, CheckpointEverySteps = 160, HealthEverySteps = 20, KnnEveryEpochs = 5 },
        };
    }
}
