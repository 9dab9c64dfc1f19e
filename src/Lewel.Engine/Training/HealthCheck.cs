using System.Globalization;
using Lewel.Engine.Training.Events;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>SSL health indicators (lewel-method.md §9) and the collapse verdict built from them.</summary>
public static class HealthCheck
{
    /// <summary>A collapse warning is raised when the embedding std falls below this fraction of 1/√d ...</summary>
    public const double CollapseStdFraction = 0.1;

    /// <summary>... and below this fraction of the run's first measured std. Collapse is a fall: MoCo's BN-free
    /// projector starts with its embeddings close to one direction, under the absolute threshold, and trains away
    /// from there.</summary>
    public const double CollapseStdDrop = 0.5;

    /// <summary>A std below this fraction of 1/√d warns whatever the first value was: a run can be collapsed already at
    /// its first report, and then no fall from there is seen. MoCo's BN-free projector starts near one direction but
    /// above this floor.</summary>
    public const double CollapseStdFloor = 0.02;

    /// <summary>A rank warning is raised when RankMe falls below this fraction of min(samples, dim).</summary>
    public const double LowRankFraction = 0.1;

    /// <summary>"Loss ≈ 0 early": below this fraction of the first step's loss ...</summary>
    public const double CollapseLossFraction = 0.01;

    /// <summary>... within the first tenth of the run (and at least the first 100 steps).</summary>
    public static int EarlyStepLimit(int totalSteps) => Math.Max(100, totalSteps / 10);

    /// <summary>Std over the batch of the ℓ2-normalised (B, d) embeddings, averaged over the d dimensions: ≈ 1/√d
    /// for embeddings spread over the sphere, → 0 when they collapse to one point. A 0-dimensional tensor.</summary>
    public static Tensor EmbeddingStd(Tensor embeddings)
    {
        if (embeddings.dim() != 2 || embeddings.shape[0] < 2)
            throw new ArgumentException($"embeddings must be (B ≥ 2, d), got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        return nn.functional.normalize(embeddings.detach().to(float32), dim: 1).std(0).mean();
    }

    /// <summary>Mean entropy of the alignment maps divided by log P (1 = uniform, → 0 = one-hot). Maps are (B, K, ...)
    /// with the trailing dims the P positions, each map summing to 1. Null when P = 1.</summary>
    public static Tensor? MapEntropyRatio(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var flat = maps.detach().to(float32).flatten(2);
        var positions = flat.shape[2];
        if (positions < 2) return null;
        var entropy = -(flat * flat.clamp_min(1e-12).log()).sum(2);
        return (entropy.mean() / Math.Log(positions)).MoveToOuterDisposeScope();
    }

    /// <summary>Builds the report for one health step from the values read back.</summary>
    /// <param name="firstEmbeddingStd">The std of the run's first health report; null applies the absolute threshold alone.</param>
    public static HealthReport Assess(DateTimeOffset time, int step, int totalSteps, int embeddingDim, double embeddingStd,
        double? mapEntropyRatio, double loss, double? firstLoss, double? firstEmbeddingStd = null)
    {
        var expected = 1.0 / Math.Sqrt(embeddingDim);
        var warnings = new List<string>();
        var fell = firstEmbeddingStd is not { } start || embeddingStd < CollapseStdDrop * start;
        if (embeddingStd < CollapseStdFloor * expected)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"embedding std {embeddingStd:G3} is below {CollapseStdFloor}·1/√{embeddingDim} = {CollapseStdFloor * expected:G3}: the embeddings have collapsed to one point"));
        else if (embeddingStd < CollapseStdFraction * expected && fell)
        {
            var fall = firstEmbeddingStd is { } initial
                ? string.Create(CultureInfo.InvariantCulture, $" and under {CollapseStdDrop:P0} of its first value {initial:G3}")
                : "";
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"embedding std {embeddingStd:G3} is below {CollapseStdFraction}·1/√{embeddingDim} = {CollapseStdFraction * expected:G3}{fall}: the embeddings are collapsing to one point"));
        }
        if (firstLoss is { } first && first > 0 && step <= EarlyStepLimit(totalSteps) && loss < CollapseLossFraction * first)
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"loss {loss:G3} at step {step} is below {CollapseLossFraction:P0} of the first loss {first:G3} this early in the run: a trivial solution is likely"));
        return new HealthReport(time, step, embeddingStd, expected, mapEntropyRatio, warnings.Count > 0,
            warnings.Count > 0 ? string.Join("; ", warnings) : null);
    }

    /// <summary>The report of one RankMe measurement (<see cref="Evaluation.EffectiveRank"/>) over
    /// <paramref name="samples"/> feature vectors of <paramref name="dim"/> channels.</summary>
    public static RankReport AssessRank(DateTimeOffset time, int step, int epoch, double rankMe, int samples, int dim)
    {
        var maxRank = Math.Min(samples, dim);
        var low = rankMe < LowRankFraction * maxRank;
        var warning = low
            ? string.Create(CultureInfo.InvariantCulture,
                $"the effective rank (RankMe) of the features is {rankMe:G3}, below {LowRankFraction}·min(n, d) = {LowRankFraction * maxRank:G3} (n = {samples}, d = {dim}): the representation spans few directions")
            : null;
        return new RankReport(time, step, epoch, rankMe, maxRank, samples, dim, low, warning);
    }
}
