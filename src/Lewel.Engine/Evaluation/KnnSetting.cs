using System.Globalization;

namespace Lewel.Engine.Evaluation;

/// <summary>One kNN vote: the <see cref="K"/> nearest memory-bank features by cosine similarity, each voting for its
/// label with weight exp(similarity / <see cref="Temperature"/>).</summary>
public sealed record KnnSetting(int K, double Temperature)
{
    /// <summary>The solo-learn/DINO convention (lewel-method.md §8.3).</summary>
    public static readonly KnnSetting Default = new(20, 0.07);
    /// <summary>The MoCo CIFAR-demo convention, reported alongside when cheap.</summary>
    public static readonly KnnSetting Wide = new(200, 0.1);

    /// <summary>Key prefix of this setting's values, e.g. <c>k20_t0.07</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"k{K}_t{Temperature:0.###}");

    public void Validate()
    {
        if (K < 1) throw new ArgumentOutOfRangeException(nameof(K), K, "kNN k must be at least 1");
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "kNN temperature must be a positive number");
    }
}
