namespace Lewel.Bench.Measurement;

/// <summary>Timing of one training-step configuration, by the engine or by the PyTorch reference. Phase keys are
/// <see cref="Phases.All"/>; seconds are medians over the measured steps. Images are batch images (two views each).
/// <see cref="MedianCpuSeconds"/> is the CPU time of the whole process (all threads) per step: on a machine shared with
/// other work it moves much less than the wall time.</summary>
public sealed record StepMeasurement(
    string Implementation,
    string Method,
    string Config,
    int BatchSize,
    int ImageSize,
    double Width,
    int WarmupSteps,
    int Steps,
    double MedianStepSeconds,
    double MeanStepSeconds,
    IReadOnlyDictionary<string, double> PhaseMedianSeconds,
    double PeakRssMb,
    double LossFirst,
    double LossLast,
    double MedianCpuSeconds = double.NaN)
{
    public const string Engine = "engine";
    public const string PyTorch = "pytorch";

    public double ImagesPerSecond => BatchSize / MedianStepSeconds;

    /// <summary>The process's CPU time per phase (medians), like <see cref="PhaseMedianSeconds"/>.</summary>
    public IReadOnlyDictionary<string, double> PhaseCpuMedianSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>What computed it, where known: for the reference its PyTorch version and the BLAS library it loaded.</summary>
    public string? Library { get; init; }
}

/// <summary>The phases of a step, in order, with the names both implementations report.</summary>
public static class Phases
{
    public const string Data = "data";
    public const string Augmentation = "augmentation";
    public const string OnlineForward = "online_forward";
    public const string TargetForward = "target_forward";
    public const string Loss = "loss";
    public const string Backward = "backward";
    public const string Optimizer = "optimizer";
    public const string Ema = "ema";

    public static readonly IReadOnlyList<string> All = [Data, Augmentation, OnlineForward, TargetForward, Loss, Backward, Optimizer, Ema];
}
