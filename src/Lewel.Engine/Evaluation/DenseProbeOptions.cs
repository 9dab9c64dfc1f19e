using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>Dense linear probe (our protocol; the paper's VOC protocol is not recoverable, lewel-method.md §8.4): a
/// per-pixel linear classifier over {background, object} on the frozen last-stage features, upsampled bilinearly
/// (align_corners = false) to the mask size, trained with SGD and per-pixel cross-entropy.</summary>
public sealed record DenseProbeOptions
{
    public int Epochs { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public int BatchSize { get; init; } = 64;
    public ProbeSchedule Schedule { get; init; } = new() { Kind = ProbeSchedule.Cosine };
    public long Seed { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "dense probe: epochs must be at least 1");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "dense probe: learning rate must be positive");
        if (Momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "dense probe: momentum must lie in [0, 1)");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "dense probe: weight decay must not be negative");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "dense probe: batch size must be at least 1");
        Schedule.Validate("dense probe schedule");
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["classes"] = "background, object",
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["lr"] = LearningRate.ToString("0.#####", CultureInfo.InvariantCulture),
        ["momentum"] = Momentum.ToString("0.###", CultureInfo.InvariantCulture),
        ["weightDecay"] = WeightDecay.ToString("0.#####", CultureInfo.InvariantCulture),
        ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["schedule"] = Schedule.Describe(),
        ["backbone"] = "frozen, eval mode",
        ["features"] = "last stage, bilinear upsampling (align_corners=false) to the mask size",
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };
}
