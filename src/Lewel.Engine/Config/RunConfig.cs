using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Config;

/// <summary>The full description of a pretraining run. The same object is <c>config.json</c> in a run directory, the
/// body of <c>POST /api/runs</c> and a row in the store (camelCase JSON). Fields a user leaves out come from the
/// method's preset (<see cref="Presets"/>); <see cref="RunConfigValidator"/> names every bad field before any work.</summary>
public sealed record RunConfig
{
    public string Name { get; init; } = "";
    /// <summary>The recipe that fills omitted fields: small (ResNet-18, 32 px, solo-learn), imagenet (ResNet-50,
    /// 224 px, official LEWEL / MoCo v2) or lewel-b-official-100ep (LEWEL_B only: the official 100-epoch log's
    /// arguments). See <see cref="Presets"/>.</summary>
    public string Preset { get; init; } = Presets.Small;
    /// <summary>byol, lewel-b, mocov2, mocov2plus or lewel-m.</summary>
    public string Method { get; init; } = MethodIds.LewelB;
    /// <summary>A data-set spec, e.g. <c>shapes:size=32,n=20000,seed=1</c> or <c>cifar10:/data/cifar-10-batches-bin</c>.</summary>
    public string Dataset { get; init; } = "shapes:size=32,n=4096,seed=1";
    public string Backbone { get; init; } = "resnet18";
    /// <summary>Channel width multiplier of the backbone (1.0 = torchvision's widths).</summary>
    public double Width { get; init; } = 0.25;
    public int ImageSize { get; init; } = 32;
    /// <summary>The longest side a training original keeps in the data-set cache; the random crops are cut from the
    /// originals and resized to <see cref="ImageSize"/>. Null: 4 × <see cref="ImageSize"/>.</summary>
    public int? MaxSourceSide { get; init; }
    /// <summary>small (3×3 stride 1, no max-pool; for 32–96 px) or imagenet (7×7 stride 2 + max-pool).</summary>
    public string Stem { get; init; } = "small";
    /// <summary>Padding of the small stem's 3×3 conv: 1 gives a 4×4 final map at 32 px, 2 gives 5×5 (solo-learn).</summary>
    public int StemPadding { get; init; } = 1;
    /// <summary>Length of the run in epochs; ignored when <see cref="Steps"/> is set.</summary>
    /// <remarks>Written even when null: left out, reading it back would fill the default (or a preset's) epochs.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Epochs { get; init; } = 10;
    /// <summary>Length of the run in optimiser steps; takes precedence over <see cref="Epochs"/>.</summary>
    public int? Steps { get; init; }
    public int BatchSize { get; init; } = 128;
    public string Device { get; init; } = "auto";
    public long Seed { get; init; } = 0;
    /// <summary>CPU threads for libtorch (0 = libtorch's default).</summary>
    public int Threads { get; init; } = 0;

    public HeadConfig Heads { get; init; } = new();
    public LewelConfig Lewel { get; init; } = new();
    public MocoConfig Moco { get; init; } = new();
    public TargetConfig Target { get; init; } = new();
    public OptimizerConfig Optimizer { get; init; } = new();
    public ScheduleConfig Schedule { get; init; } = new();
    public AugmentationConfig Augmentation { get; init; } = new();
    public MonitorConfig Monitor { get; init; } = new();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored configuration (config.json, a store row, a job's payload); a configuration written before
    /// official MoCo v2 existed is read as it ran (<see cref="StoredConfigCompatibility"/>).</summary>
    public static RunConfig FromJson(string json)
    {
        var node = JsonNode.Parse(json);
        if (node is JsonObject config) StoredConfigCompatibility.Upgrade(config);
        return JsonSerializer.Deserialize<RunConfig>(node, Json) ?? throw new ConfigException([new ConfigError("", "the configuration is empty")]);
    }
}

public static class MethodIds
{
    public const string Byol = "byol";
    public const string LewelB = "lewel-b";
    /// <summary>Official MoCo v2: one direction, one queue, shuffle-BN emulated by split-batch BN.</summary>
    public const string MocoV2 = "mocov2";
    /// <summary>solo-learn's MoCo V2+: symmetric, one queue per view, no shuffle-BN (what "mocov2" meant before
    /// official MoCo v2 existed here; see <see cref="StoredConfigCompatibility"/>).</summary>
    public const string MocoV2Plus = "mocov2plus";
    public const string LewelM = "lewel-m";
    public static readonly IReadOnlyList<string> All = [Byol, LewelB, MocoV2, MocoV2Plus, LewelM];
    public static bool IsLewel(string method) => MethodTraitsCatalog.Find(method)?.AlignmentMaps == true;
    public static bool IsByolFamily(string method) => MethodTraitsCatalog.Find(method)?.Predictor == true;
    /// <summary>The methods with a key queue: both MoCo v2 variants and LEWEL_M.</summary>
    public static bool UsesQueue(string method) => MethodTraitsCatalog.Find(method)?.KeyQueue == true;
}

/// <summary>Projector and predictor sizes. For LEWEL the projector output <see cref="Dim"/> is K, the number of maps.</summary>
public sealed record HeadConfig
{
    public int ProjectorHidden { get; init; } = 4096;
    public int Dim { get; init; } = 256;
    /// <summary>Hidden width of the BYOL-family predictors (q_g and q_a).</summary>
    public int PredictorHidden { get; init; } = 4096;
    /// <summary>byol only: build the projector and predictor as LEWEL_B builds g and q_g (kernel-1 convs without bias,
    /// Kaiming-normal fan_out, BN weight 1 and bias 0) instead of solo-learn's Linear heads with bias and PyTorch's
    /// default init, so that a BYOL ↔ LEWEL_B comparison differs in the LEWEL parts only (docs/methods.md).</summary>
    public bool MatchLewel { get; init; }
}

/// <summary>LEWEL's knobs (lewel-method.md §3–§5).</summary>
public sealed record LewelConfig
{
    /// <summary>M, the number of channel groups ("num_heads"); must divide K and C. N = K/M aligned embeddings.</summary>
    public int NumHeads { get; init; } = 4;
    /// <summary>s: divides the ℓ2-normalised logits before the spatial softmax (larger = flatter maps).</summary>
    public double Scale { get; init; } = 1.0;
    /// <summary>α: weight of the GLOBAL loss; the aligned loss gets 1 − α.</summary>
    public double Alpha { get; init; } = 0.5;
}

public sealed record MocoConfig
{
    public int QueueSize { get; init; } = 4096;
    public double Temperature { get; init; } = 0.2;
    /// <summary>Length of LEWEL_M's separate aligned-key queue in steps: it holds alignedQueueSteps × batchSize × N keys
    /// per view (N = K/M, every aligned key of a step is enqueued), so its keys are as old as the same number of steps
    /// whatever the batch size and N.</summary>
    public int AlignedQueueSteps { get; init; } = 8;
    /// <summary>Official MoCo v2 only: the sub-batches whose BN statistics are computed separately, the single-device
    /// stand-in for shuffle-BN across GPUs (the MoCo authors' demo uses 8). Must divide batchSize.</summary>
    /// <remarks>Every configuration written since official MoCo v2 exists carries this field; its absence marks a
    /// configuration from before, whose "mocov2" was MoCo V2+ (<see cref="StoredConfigCompatibility"/>).</remarks>
    public int BnSplits { get; init; } = 8;
    /// <summary>The aligned queue as a key count, as configurations before <see cref="AlignedQueueSteps"/> gave it. When
    /// set it takes precedence over the steps, so an existing config.json or checkpoint runs as it did.</summary>
    public int? AlignedQueueSize { get; init; }

    /// <summary>Keys per view in the aligned queue for <paramref name="batchSize"/> images of
    /// <paramref name="keysPerImage"/> = N aligned keys each.</summary>
    public long AlignedQueueKeys(int batchSize, int keysPerImage) =>
        AlignedQueueSize ?? (long)AlignedQueueSteps * batchSize * keysPerImage;
}

/// <summary>How the target network follows the online one.</summary>
public sealed record TargetConfig
{
    /// <summary>ema (parameters only, target in train mode) or eman (parameters and BN statistics, target in eval mode).</summary>
    public string Update { get; init; } = "ema";
    public double BaseMomentum { get; init; } = 0.99;
    public double FinalMomentum { get; init; } = 1.0;
}

public sealed record OptimizerConfig
{
    /// <summary>lars or sgd.</summary>
    public string Name { get; init; } = "lars";
    /// <summary>The learning rate: for a batch of 256 under <see cref="LrRule"/> linear (the run uses
    /// lr × batchSize / 256), or the run's own under absolute.</summary>
    public double BaseLr { get; init; } = 1.0;
    /// <summary>linear (lr = baseLr × batchSize / 256, solo-learn) or absolute (lr = baseLr as given, the official
    /// LEWEL scripts: 3.6 at batch 1024).</summary>
    public string LrRule { get; init; } = OptimizerIds.LinearLrRule;
    public double WeightDecay { get; init; } = 1e-5;
    public double Momentum { get; init; } = 0.9;
    /// <summary>LARS trust coefficient η.</summary>
    public double Eta { get; init; } = 0.02;
    /// <summary>solo-learn's clip_lr: effective lr = min(lr, η‖w‖/(‖g‖+wd‖w‖)).</summary>
    public bool ClipLr { get; init; } = true;
    /// <summary>Which LARS: solo-learn (lr applied outside the momentum buffer, optional clipLr) or lewel (the official
    /// LEWEL code: lr inside the momentum buffer, no clipping). See <c>Training/Optim/Lars</c>.</summary>
    public string LarsVariant { get; init; } = "solo-learn";
    /// <summary>Exclude biases and norm parameters from weight decay and LARS adaptation.</summary>
    public bool ExcludeBiasAndNorm { get; init; } = true;
    /// <summary>Which parameters <see cref="ExcludeBiasAndNorm"/> excludes: solo-learn (every 1-D tensor) or lewel (the
    /// official main.py, by name: bn, downsample.1, bias, and mlp.1 per <see cref="ExcludeNeckNorm"/>).</summary>
    public string ExclusionRule { get; init; } = OptimizerIds.SoloLearnExclusion;
    /// <summary>Under exclusionRule lewel, whether the heads' BN1d (<c>mlp.1</c>) weights are excluded too. Left out:
    /// as the current main.py, excluded under EMAN and decayed under EMA. The logged 100-epoch run (older code)
    /// decayed them under EMAN.</summary>
    public bool? ExcludeNeckNorm { get; init; }
}

public sealed record ScheduleConfig
{
    public double WarmupEpochs { get; init; } = 1;
    public double WarmupStartLr { get; init; } = 3e-5;
    /// <summary>Cosine decay per step (solo-learn) or per epoch (official LEWEL).</summary>
    public bool CosinePerStep { get; init; } = true;
    public double MinLr { get; init; } = 0;
}

/// <summary>Per-view augmentation parameters (lewel-method.md §6).</summary>
public sealed record ViewAugmentation
{
    public double CropScaleMin { get; init; } = 0.08;
    public double CropScaleMax { get; init; } = 1.0;
    public double CropRatioMin { get; init; } = 3.0 / 4.0;
    public double CropRatioMax { get; init; } = 4.0 / 3.0;
    /// <summary>bilinear or bicubic.</summary>
    public string Interpolation { get; init; } = "bilinear";
    public double FlipProbability { get; init; } = 0.5;
    public double JitterProbability { get; init; } = 0.8;
    public double Brightness { get; init; } = 0.4;
    public double Contrast { get; init; } = 0.4;
    public double Saturation { get; init; } = 0.2;
    public double Hue { get; init; } = 0.1;
    public double GrayscaleProbability { get; init; } = 0.2;
    public double BlurProbability { get; init; } = 0.0;
    public double BlurSigmaMin { get; init; } = 0.1;
    public double BlurSigmaMax { get; init; } = 2.0;
    public double SolarizeProbability { get; init; } = 0.0;
    /// <summary>Solarize threshold on the [0,1] scale (128/255 in torchvision's uint8 terms).</summary>
    public double SolarizeThreshold { get; init; } = 0.5;
}

public sealed record AugmentationConfig
{
    public ViewAugmentation View1 { get; init; } = new();
    public ViewAugmentation View2 { get; init; } = new() { SolarizeProbability = 0.2 };
    /// <summary>Per-channel normalisation; null means the data set's own statistics.</summary>
    public double[]? Mean { get; init; }
    public double[]? Std { get; init; }
}

/// <summary>What the run observes and writes besides the loss.</summary>
public sealed record MonitorConfig
{
    /// <summary>Run the kNN monitor every N epochs (0 = never).</summary>
    public int KnnEveryEpochs { get; init; } = 1;
    public int KnnK { get; init; } = 20;
    public double KnnTemperature { get; init; } = 0.07;
    /// <summary>Indices into the test split of the images whose alignment maps are snapshotted.</summary>
    public int[] ProbeIndices { get; init; } = [0, 1, 2, 3, 4, 5, 6, 7];
    /// <summary>Snapshot the probe images' alignment maps before the first step, every N steps and at the end (0 = only at
    /// the end).</summary>
    public int SnapshotEverySteps { get; init; } = 50;
    /// <summary>Write a checkpoint every N steps, and always at the end and on cancel (0 = only then). A run that fails
    /// (e.g. a non-finite loss) writes none of its broken state and keeps its last good checkpoint.</summary>
    public int CheckpointEverySteps { get; init; } = 200;
    /// <summary>Compute SSL health indicators every N steps.</summary>
    public int HealthEverySteps { get; init; } = 10;
}
