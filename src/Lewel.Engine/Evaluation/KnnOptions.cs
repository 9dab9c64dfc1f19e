using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>The kNN protocol (lewel-method.md §8.3, recommended for the app): ℓ2-normalised backbone GAP features,
/// memory bank = the un-augmented train split, queries = the test split, cosine similarity, votes exp(sim/T).</summary>
public sealed record KnnOptions
{
    public int K { get; init; } = KnnSetting.Default.K;
    public double Temperature { get; init; } = KnnSetting.Default.Temperature;
    /// <summary>Also report k = 200, T = 0.1 from the same search (costs only a wider top-k).</summary>
    public bool AlsoWide { get; init; } = true;
    /// <summary>Similarity elements held at once (queries per chunk × bank size).</summary>
    public long SimilarityBudget { get; init; } = KnnClassifier.DefaultSimilarityBudget;

    public KnnSetting Primary => new(K, Temperature);

    public IReadOnlyList<KnnSetting> Settings =>
        AlsoWide && Primary != KnnSetting.Wide ? [Primary, KnnSetting.Wide] : [Primary];

    public void Validate()
    {
        Primary.Validate();
        if (SimilarityBudget < 1) throw new ArgumentOutOfRangeException(nameof(SimilarityBudget), SimilarityBudget, "kNN similarity budget must be positive");
    }

    public Dictionary<string, string> Describe() => new()
    {
        ["k"] = K.ToString(CultureInfo.InvariantCulture),
        ["temperature"] = Temperature.ToString("0.####", CultureInfo.InvariantCulture),
        ["alsoReported"] = AlsoWide && Primary != KnnSetting.Wide ? KnnSetting.Wide.Label : "none",
        ["distance"] = "cosine",
        ["vote"] = "sum of exp(similarity / T) per class",
        ["features"] = "backbone global average pool, l2-normalised",
        ["bank"] = "train split, un-augmented",
        ["queries"] = "test split",
    };
}
