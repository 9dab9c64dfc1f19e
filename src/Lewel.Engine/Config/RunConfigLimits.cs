namespace Lewel.Engine.Config;

/// <summary>Upper bounds on the numbers of a <see cref="RunConfig"/>. Each is generous for real work on a large GPU (the
/// ImageNet recipes use 224 px, batch 1024, hidden 4096 and queues of 65536) and stops values that could only exhaust
/// the machine or overflow a step count. docs/security.md lists them with their reasons.</summary>
public static class RunConfigLimits
{
    /// <summary>4.7× ImageNet's 224 px; activations grow with its square.</summary>
    public const int MaxImageSize = 1024;
    /// <summary>The longest side a cached original keeps; memory grows with its square (4096² × 3 bytes = 48 MiB).</summary>
    public const int MaxSourceSide = 4096;
    /// <summary>8× the ImageNet BYOL batch; BN statistics and LARS are tuned up to about 4096.</summary>
    public const int MaxBatchSize = 8192;
    /// <summary>Wide ResNets go to 2–3×; parameters grow with its square.</summary>
    public const double MaxWidth = 4;
    /// <summary>About 8,000 ImageNet epochs at batch 1024; keeps step counters far from int overflow.</summary>
    public const int MaxSteps = 10_000_000;
    public const int MaxEpochs = 100_000;
    /// <summary>16× the recipes' 4096; one projector layer is C × hidden.</summary>
    public const int MaxHiddenWidth = 65_536;
    /// <summary>K, the number of LEWEL maps, is this dim; every map is a softmax over the final map.</summary>
    public const int MaxDim = 16_384;
    public const int MaxNumHeads = 1_024;
    /// <summary>16× ImageNet MoCo's 65536 keys; the LEWEL_M logits are batch·N × queue.</summary>
    public const int MaxQueueSize = 1 << 20;
    public const int MaxThreads = 1_024;
    /// <summary>Every probe image is rendered into each snapshot.</summary>
    public const int MaxProbeImages = 64;
    public const int MaxKnnK = 4_096;
    /// <summary>Learning rates, trust coefficients and temperatures above this are typing errors, not settings.</summary>
    public const double MaxRate = 1_000;
    public const double MaxScale = 10_000;
    public const double MaxWeightDecay = 1;
    public const double MaxColorStrength = 10;
    public const double MaxCropRatio = 100;
    public const double MaxBlurSigma = 100;
    public const int MaxDatasetSpecLength = 4_096;
    public const int MaxDeviceLength = 64;
}
