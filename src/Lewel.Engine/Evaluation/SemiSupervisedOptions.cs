using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>Semi-supervised fine-tuning (lewel-method.md §8.2): the whole network trained in train mode on a
/// class-balanced label subset, SGD momentum 0.9, wd 1e-4, 50 epochs, ×0.1 at 60 %/80 %, RRC + flip, with separate
/// learning rates for backbone and classifier: 1 % → 1e-4 / 1.0, 10 % → 0.01 / 0.1.</summary>
public sealed record SemiSupervisedOptions
{
    /// <summary>Share of the train split whose labels are used (class-balanced).</summary>
    public double LabelFraction { get; init; } = 0.1;
    public int Epochs { get; init; } = 50;
    public double BackboneLearningRate { get; init; } = 0.01;
    public double ClassifierLearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    public int BatchSize { get; init; } = 256;
    public ProbeSchedule Schedule { get; init; } = new();
    public bool Augment { get; init; } = true;
    public long Seed { get; init; }

    /// <summary>The official learning rates for a label fraction: 1 % (and below) → 1e-4 / 1.0, otherwise 0.01 / 0.1.</summary>
    public static SemiSupervisedOptions ForFraction(double fraction) => fraction <= 0.01 + 1e-9
        ? new SemiSupervisedOptions { LabelFraction = fraction, BackboneLearningRate = 1e-4, ClassifierLearningRate = 1.0 }
        : new SemiSupervisedOptions { LabelFraction = fraction, BackboneLearningRate = 0.01, ClassifierLearningRate = 0.1 };

    public void Validate()
    {
        if (!(LabelFraction > 0 && LabelFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(LabelFraction), LabelFraction, "semi-supervised: the label fraction must lie in (0, 1]");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "semi-supervised: epochs must be at least 1");
        if (!(BackboneLearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(BackboneLearningRate), BackboneLearningRate, "semi-supervised: the backbone learning rate must not be negative");
        if (!(ClassifierLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(ClassifierLearningRate), ClassifierLearningRate, "semi-supervised: the classifier learning rate must be positive");
        if (Momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "semi-supervised: momentum must lie in [0, 1)");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "semi-supervised: weight decay must not be negative");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "semi-supervised: batch size must be at least 2 (BatchNorm trains on it)");
        Schedule.Validate("semi-supervised schedule");
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["labelFraction"] = LabelFraction.ToString("0.####", CultureInfo.InvariantCulture),
        ["labelSubset"] = "class-balanced",
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["backboneLr"] = BackboneLearningRate.ToString("0.######", CultureInfo.InvariantCulture),
        ["classifierLr"] = ClassifierLearningRate.ToString("0.######", CultureInfo.InvariantCulture),
        ["momentum"] = Momentum.ToString("0.###", CultureInfo.InvariantCulture),
        ["weightDecay"] = WeightDecay.ToString("0.######", CultureInfo.InvariantCulture),
        ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["schedule"] = Schedule.Describe(),
        ["augment"] = Augment ? "random resized crop (0.08-1) + flip" : "none",
        ["backbone"] = "fine-tuned, train mode (BN batch statistics)",
        ["classifier"] = "linear on GAP features, PyTorch default init U(±1/sqrt(C))",
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };
}
