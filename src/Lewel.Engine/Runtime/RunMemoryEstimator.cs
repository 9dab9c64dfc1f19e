using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Data.Readers;
using Lewel.Engine.Data.Shapes;
using Lewel.Engine.Models.Backbones;

namespace Lewel.Engine.Runtime;

/// <summary>One part of a run's memory: what it is, the config field that sizes it most, and its bytes.</summary>
public sealed record MemoryTerm(string Name, string Field, long Bytes);

/// <summary>A run's estimated peak memory on its device, by term.</summary>
public sealed record MemoryEstimate(IReadOnlyList<MemoryTerm> Terms)
{
    public long TotalBytes => Terms.Sum(t => t.Bytes);

    public MemoryTerm Largest => Terms.MaxBy(t => t.Bytes)!;

    public static string GiB(long bytes) => $"{bytes / (double)(1L << 30):0.##} GiB";

    public string Describe() => $"{GiB(TotalBytes)} ({string.Join(", ", Terms.Where(t => t.Bytes > 0).OrderByDescending(t => t.Bytes).Select(t => $"{t.Name} {GiB(t.Bytes)}"))})";

    /// <summary>An error keyed by the field that sizes the largest term when the run cannot fit in
    /// <paramref name="availableBytes"/>; null when it fits.</summary>
    public ConfigError? RefusalOn(string device, long availableBytes)
    {
        if (TotalBytes <= availableBytes) return null;
        return new ConfigError(Largest.Field,
            $"the run needs an estimated {Describe()}, but {device} has {GiB(availableBytes)}: it cannot fit. " +
            $"The largest part is {Largest.Name}; lower {Largest.Field}" + (Largest.Field == "batchSize" ? ", imageSize or width" : ""));
    }
}

/// <summary>Estimates the peak memory of a pretraining run from its configuration alone, before any tensor exists:
/// <list type="bullet">
/// <item>weights: 16 bytes per online parameter (fp32 weight, gradient, optimiser momentum, target copy);</item>
/// <item>activations: the online network keeps every layer's output of both views for the backward pass,
/// 2·B × Σ(channels × side²) floats, times <see cref="ActivationFactor"/> (measured; see below);</item>
/// <item>queues: 2 views × dim × queue floats each (MoCo v2, LEWEL_M's global and aligned queues);</item>
/// <item>logits: the InfoNCE logits of both directions with their softmax and gradient, 3 × 2 × rows × (queue + 1)
/// floats, where LEWEL_M's aligned rows are B·N;</item>
/// <item>data: the decoded data set held in memory (RGB bytes and shapes' masks): the run-size evaluation copies and the
/// originals the crops come from, when its size is known from the spec;</item>
/// <item>runtime: libtorch, the .NET runtime and the loader's buffers (<see cref="RuntimeBytes"/>, measured).</item>
/// </list>
/// Calibrated against the peak RSS (<c>/usr/bin/time -v</c>) of 3-step CPU runs of lewel-b with the small preset's
/// heads (hidden 4096, K = 256, M = 4), resnet18, 2 threads: width 0.25 at 32 px measured 1.42 GiB at batch 64 and
/// 4.83 GiB at batch 256 (estimated 1.57 and 5.14); width 0.5 at 64 px, batch 64, measured 3.20 GiB (estimated 3.58).
/// <c>RunMemoryEstimatorTests</c> holds these figures. It errs on the generous side, and a run is refused only when the
/// estimate exceeds the device's whole memory: a refusal means the run cannot fit, not that it might not.</summary>
public static class RunMemoryEstimator
{
    /// <summary>Counted floats per float autograd really keeps. The slope between batch 64 and 256 of the calibration
    /// runs is 0.93 of the count; 1 keeps the estimate on the generous side.</summary>
    public const double ActivationFactor = 1.0;

    /// <summary>The process with libtorch loaded, before the run's own tensors (the calibration runs' intercept, about
    /// 0.1 GiB, with room).</summary>
    public const long RuntimeBytes = 256L << 20;

    public static MemoryEstimate Estimate(RunConfig config)
    {
        var spec = ResNetSpec.Find(config.Backbone) ?? ResNetSpec.ResNet18;
        var stem = ResNetStems.TryParse(config.Stem, out var s) ? s : ResNetStem.Small;
        var backbone = Backbone(spec, config.Width, config.ImageSize, stem, config.StemPadding);
        var channels = spec.OutChannels(config.Width);
        var heads = HeadParameters(config, channels);
        var batch = (double)config.BatchSize;

        var finalMap = Math.Max(1, ResNetSpec.FinalMapSize(config.ImageSize, stem, config.StemPadding));
        var activations = 2 * batch * (backbone.ActivationFloats + HeadActivationFloats(config, finalMap * finalMap, channels)) * 4 * ActivationFactor;

        double queues = 0, logits = 0;
        if (MethodIds.UsesQueue(config.Method))
        {
            // Official MoCo v2 has one queue and one direction; MoCo V2+ and LEWEL_M one queue per view, both directions.
            var views = config.Method == MethodIds.MocoV2 ? 1.0 : 2.0;
            queues += views * config.Heads.Dim * config.Moco.QueueSize * 4;
            logits += 3.0 * views * batch * (config.Moco.QueueSize + 1.0) * 4;
        }
        if (config.Method == MethodIds.LewelM && config.Lewel.NumHeads > 0)
        {
            var keysPerImage = Math.Max(1, config.Heads.Dim / config.Lewel.NumHeads);
            var aligned = batch * keysPerImage;
            var alignedKeys = (double)config.Moco.AlignedQueueKeys(config.BatchSize, keysPerImage);
            queues += 2.0 * config.Heads.Dim * alignedKeys * 4;
            // The aligned loss runs in chunks of at most DefaultLogitBudget logits (ChunkedInfoNce).
            logits += 3.0 * Math.Min(2 * aligned * (alignedKeys + 1.0), Losses.ChunkedInfoNce.DefaultLogitBudget) * 4;
        }

        return new MemoryEstimate(
        [
            new MemoryTerm("weights, gradients, optimiser and target", "width", Bytes(16.0 * (backbone.Parameters + heads))),
            new MemoryTerm("activations", "batchSize", Bytes(activations)),
            new MemoryTerm("key queues", "moco.queueSize", Bytes(queues)),
            new MemoryTerm(config.Method == MethodIds.LewelM ? "contrastive logits (B·N × aligned queue)" : "contrastive logits", config.Method == MethodIds.LewelM ? "moco.alignedQueueSteps" : "moco.queueSize", Bytes(logits)),
            new MemoryTerm("data set in memory", "dataset", Bytes(DatasetBytes(config))),
            new MemoryTerm("runtime", "device", RuntimeBytes),
        ]);
    }

    /// <summary>Parameters and activation floats per image of the backbone (torchvision's ResNet at this width).</summary>
    internal static (double Parameters, double ActivationFloats) Backbone(ResNetSpec spec, double width, int imageSize, ResNetStem stem, int stemPadding)
    {
        var stemChannels = ResNetSpec.Planes(64, width);
        double parameters = 0, activations = 0;
        var side = stem == ResNetStem.ImageNet ? ResNetSpec.ConvOut(imageSize, 7, 2, 3) : ResNetSpec.ConvOut(imageSize, 3, 1, stemPadding);
        parameters += (stem == ResNetStem.ImageNet ? 49.0 : 9.0) * 3 * stemChannels + 2.0 * stemChannels;
        activations += 3.0 * stemChannels * side * side;
        if (stem == ResNetStem.ImageNet)
        {
            side = ResNetSpec.ConvOut(side, 3, 2, 1);
            activations += (double)stemChannels * side * side;
        }
        var inChannels = stemChannels;
        for (var stage = 0; stage < 4; stage++)
        {
            var planes = ResNetSpec.Planes(64 << stage, width);
            var outChannels = planes * spec.Expansion;
            for (var block = 0; block < spec.BlocksPerStage[stage]; block++)
            {
                var stride = stage > 0 && block == 0 ? 2 : 1;
                var inSide = side;
                side = ResNetSpec.ConvOut(side, 3, stride, 1);
                var area = (double)side * side;
                if (spec.Bottleneck)
                {
                    parameters += (double)inChannels * planes + 9.0 * planes * planes + (double)planes * outChannels + 2.0 * (2 * planes + outChannels);
                    activations += 3.0 * planes * inSide * inSide + 3.0 * planes * area + 3.0 * outChannels * area;
                }
                else
                {
                    parameters += 9.0 * inChannels * planes + 9.0 * planes * planes + 4.0 * planes;
                    activations += 6.0 * planes * area;
                }
                if (stride != 1 || inChannels != outChannels)
                {
                    parameters += (double)inChannels * outChannels + 2.0 * outChannels;
                    activations += 2.0 * outChannels * area;
                }
                inChannels = outChannels;
            }
        }
        return (parameters, activations);
    }

    /// <summary>Floats the heads keep per image and view: every row through an MLP keeps its hidden layer three times
    /// (linear, BN and ReLU outputs) and its output. LEWEL's projector g runs on the pooled vector and every one of the
    /// P positions, its object projector and predictor on the N = K/M aligned vectors: with hidden 4096 these rows
    /// outweigh a narrow backbone.</summary>
    private static double HeadActivationFloats(RunConfig config, double positions, int channels)
    {
        var heads = config.Heads;
        double projectorRow = 3.0 * heads.ProjectorHidden + heads.Dim, predictorRow = 3.0 * heads.PredictorHidden + heads.Dim;
        var predicts = MethodIds.IsByolFamily(config.Method);
        if (!MethodIds.IsLewel(config.Method)) return projectorRow + (predicts ? predictorRow : 0);
        double aligned = config.Lewel.NumHeads > 0 ? Math.Max(1, heads.Dim / config.Lewel.NumHeads) : 1;
        var maps = 3.0 * heads.Dim * positions + (double)channels * aligned;
        return (1 + positions) * projectorRow + aligned * projectorRow + maps + (predicts ? (1 + aligned) * predictorRow : 0);
    }

    private static double HeadParameters(RunConfig config, int channels)
    {
        double Mlp(double input, double hidden, double output) => input * hidden + hidden + 2 * hidden + hidden * output + output;
        var heads = config.Heads;
        var projectors = MethodIds.IsLewel(config.Method) ? 2 : 1;
        var predictors = config.Method switch { MethodIds.Byol => 1, MethodIds.LewelB => 2, _ => 0 };
        return projectors * Mlp(channels, heads.ProjectorHidden, heads.Dim) + predictors * Mlp(heads.Dim, heads.PredictorHidden, heads.Dim);
    }

    /// <summary>Decoded images: the evaluation copies at the run's size and, where they differ, the originals the
    /// training crops come from (<see cref="SourceImages"/>: the source size capped at <c>maxSourceSide</c>; STL-10 at
    /// 32 px keeps its 96 px originals, 9× the bytes of its 32 px copies), with the generated set's masks (one byte a
    /// pixel); 0 when the spec does not tell the data set's size.</summary>
    private static double DatasetBytes(RunConfig config)
    {
        try
        {
            var (kind, argument) = DatasetCatalog.Split(config.Dataset);
            double images = (DatasetSizes.TrainImages(config.Dataset) ?? 0) + (DatasetSizes.TestImages(config.Dataset) ?? 0);
            var shapes = kind == "shapes" ? ShapesSpec.Parse(argument) : null;
            int? sourceSide = kind switch
            {
                "shapes" => shapes!.Size,
                "cifar10" or "cifar100" => CifarReader.Side,
                "stl10" => Stl10Reader.Side,
                _ => null,
            };
            var bytesPerPixel = shapes is null ? 3 : 4;
            var size = config.ImageSize;
            var runPixels = (double)size * size;
            if (sourceSide is not { } side) return images * runPixels * bytesPerPixel;
            var (w, h, _) = SourceImages.Plan(side, side, size, config.MaxSourceSide ?? SourceImages.DefaultMaxSide(size));
            double held = images * side * side * bytesPerPixel;
            if (side != size) held += images * runPixels * bytesPerPixel;
            if ((w, h) != (side, side) && (w, h) != (size, size)) held += images * w * h * bytesPerPixel;
            return held;
        }
        catch (DatasetException)
        {
            return 0;
        }
    }

    private static long Bytes(double value) => value >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(value);
}
