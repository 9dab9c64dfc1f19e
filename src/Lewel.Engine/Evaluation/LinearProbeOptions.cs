using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>Linear probe on frozen backbone features (lewel-method.md §8.1). Defaults follow the official recipe
/// (SGD momentum 0.9, wd 0, lr 0.4 at batch 256, 50 epochs, ×0.1 at 60 % and 80 %); weights start N(0, 0.01).</summary>
public sealed record LinearProbeOptions
{
    public int Epochs { get; init; } = 50;
    public double LearningRate { get; init; } = 0.4;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public int BatchSize { get; init; } = 256;
    public ProbeSchedule Schedule { get; init; } = new();
    /// <summary>Random resized crop + flip on the training images each epoch (features are then recomputed every
    /// epoch instead of cached once).</summary>
    public bool Augment { get; init; }
    public long Seed { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "linear probe: epochs must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "linear probe: learning rate must be positive");
        if (Momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "linear probe: momentum must lie in [0, 1)");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "linear probe: weight decay must not be negative");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "linear probe: batch size must be at least 1");
        Schedule.Validate("linear probe schedule");
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["lr"] = LearningRate.ToString("0.#####", CultureInfo.InvariantCulture),
        ["momentum"] = Momentum.ToString("0.###", CultureInfo.InvariantCulture),
        ["weightDecay"] = WeightDecay.ToString("0.#####", CultureInfo.InvariantCulture),
        ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["schedule"] = Schedule.Describe(),
        ["augment"] = Augment ? "random resized crop (0.08-1) + flip" : "none (features cached once)",
        ["backbone"] = "frozen, eval mode",
        ["features"] = "global average pool of the last stage",
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };
}
