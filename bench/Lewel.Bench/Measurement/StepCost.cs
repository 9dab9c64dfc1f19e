using Lewel.Bench.Engine;
using Lewel.Engine.Config;
using Lewel.Engine.Models.Backbones;

namespace Lewel.Bench.Measurement;

/// <summary>One part of a method's heads and its forward multiply-accumulates per image and view.</summary>
/// <param name="OnlineOnly">Runs in the online branch only (the predictors); the target/key branch skips it.</param>
public sealed record HeadCost(string Part, long Macs, bool OnlineOnly);

/// <summary>The arithmetic of one training step, counted from the shapes alone (convolutions and matrix products;
/// BN, activations and the loss are left out as they are a small share): the backbone's and each head's forward
/// multiply-accumulates per image and view. A step takes, per image, two views through the online forward and its
/// backward (≈ 2× the forward) and the target forward, which <see cref="StepMacsPerImage"/> adds up. Where CPU time
/// follows arithmetic, the ratio of two methods' <see cref="StepMacsPerImage"/> predicts the ratio of their step times.</summary>
public sealed record StepCost(string Method, long BackboneMacs, int Channels, int Positions, IReadOnlyList<HeadCost> Heads)
{
    public long OnlineForwardMacs => BackboneMacs + Heads.Sum(h => h.Macs);
    public long TargetForwardMacs => BackboneMacs + Heads.Where(h => !h.OnlineOnly).Sum(h => h.Macs);
    public long StepMacsPerImage => 2 * (3 * OnlineForwardMacs + TargetForwardMacs);
    public long HeadMacs(string part) => Heads.Where(h => h.Part == part).Sum(h => h.Macs);

    public const string Projector = "projector";
    public const string Predictor = "predictor";
    public const string MapProjector = "g (1+P columns)";
    public const string Aggregation = "aggregation";
    public const string AlignedProjector = "p (N columns)";
    public const string GlobalPredictor = "q_g";
    public const string AlignedPredictor = "q_a (N columns)";

    /// <summary>How many times this step's arithmetic is <paramref name="baseline"/>'s.</summary>
    public double StepRatioTo(StepCost baseline) => (double)StepMacsPerImage / baseline.StepMacsPerImage;

    /// <summary>The cost of <paramref name="method"/> at a benchmark configuration, as the engine and the reference run it.</summary>
    public static StepCost For(string method, BenchConfig config) => For(BenchRunConfigs.For(method, config, threads: 2, steps: 1));

    public static StepCost For(RunConfig run) =>
        For(run.Method, run.Backbone, run.Width, run.ImageSize, run.Stem, run.StemPadding,
            run.Heads.ProjectorHidden, run.Heads.PredictorHidden, run.Heads.Dim, run.Lewel.NumHeads);

    public static StepCost For(string method, string backbone, double width, int imageSize, string stem, int stemPadding,
        int projectorHidden, int predictorHidden, int dim, int numHeads)
    {
        var spec = ResNetSpec.Get(backbone);
        var (backboneMacs, channels, side) = Backbone(spec, width, imageSize, ResNetStems.Parse(stem), stemPadding);
        long positions = (long)side * side, aligned = dim / numHeads;
        long Mlp(long input, long hidden) => input * hidden + hidden * dim;
        IReadOnlyList<HeadCost> heads = method switch
        {
            MethodIds.Byol =>
            [
                new(Projector, Mlp(channels, projectorHidden), false),
                new(Predictor, Mlp(dim, predictorHidden), true),
            ],
            MethodIds.MocoV2 or MethodIds.MocoV2Plus => [new(Projector, Mlp(channels, projectorHidden), false)],
            MethodIds.LewelB or MethodIds.LewelM =>
            [
                new(MapProjector, (1 + positions) * Mlp(channels, projectorHidden), false),
                new(Aggregation, channels * positions * aligned, false),
                new(AlignedProjector, aligned * Mlp(channels, projectorHidden), false),
                .. method == MethodIds.LewelB
                    ? new HeadCost[] { new(GlobalPredictor, Mlp(dim, predictorHidden), true), new(AlignedPredictor, aligned * Mlp(dim, predictorHidden), true) }
                    : [],
            ],
            _ => throw new ArgumentException($"no cost model for method '{method}'", nameof(method)),
        };
        return new StepCost(method, backboneMacs, channels, (int)positions, heads);
    }

    /// <summary>Forward multiply-accumulates of the engine's ResNet (torchvision layout: stride on the 3×3 conv,
    /// a 1×1 conv shortcut where the shape changes), its output channels and the side of its last map.</summary>
    public static (long Macs, int Channels, int Side) Backbone(ResNetSpec spec, double width, int imageSize, ResNetStem stem, int stemPadding)
    {
        var stemChannels = ResNetSpec.Planes(64, width);
        long macs;
        int side;
        if (stem == ResNetStem.ImageNet)
        {
            side = ResNetSpec.ConvOut(imageSize, 7, 2, 3);
            macs = 3L * stemChannels * 49 * side * side;
            side = ResNetSpec.ConvOut(side, 3, 2, 1);
        }
        else
        {
            side = ResNetSpec.ConvOut(imageSize, 3, 1, stemPadding);
            macs = 3L * stemChannels * 9 * side * side;
        }
        var channels = stemChannels;
        for (var stage = 0; stage < 4; stage++)
        {
            var planes = ResNetSpec.Planes(64 << stage, width);
            var output = planes * spec.Expansion;
            for (var block = 0; block < spec.BlocksPerStage[stage]; block++)
            {
                var stride = stage > 0 && block == 0 ? 2 : 1;
                var next = ResNetSpec.ConvOut(side, 3, stride, 1);
                long inArea = (long)side * side, outArea = (long)next * next;
                macs += spec.Bottleneck
                    ? channels * planes * inArea + 9L * planes * planes * outArea + (long)planes * output * outArea
                    : 9L * channels * planes * outArea + 9L * planes * planes * outArea;
                if (stride != 1 || channels != output)
                    macs += (long)channels * output * outArea;
                channels = output;
                side = next;
            }
        }
        return (macs, channels, side);
    }
}
