using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>One chart of the run page: its lines (metric name and label), whether it follows the log-y switch, shows
/// fractions as percentages, and whether its values are measurements (evaluations: never smoothed or banded).</summary>
internal sealed record RunChartDefinition(string Key, string Title, IReadOnlyList<(string Metric, string Label)> Lines, string EmptyText,
    bool FollowsLogScale = false, bool Percent = false, bool Measured = false, string? TestId = null);

internal static class RunChartDefinitions
{
    /// <summary>Not stored: data wait / (data wait + compute) of each step, derived from the two stored series.</summary>
    public const string DataWaitShare = "dataWaitShare";

    public static readonly IReadOnlyList<RunChartDefinition> Training =
    [
        new("loss", "Loss", [(MetricNames.Loss, "total"), (MetricNames.LossGlobal, "global"), (MetricNames.LossAligned, "aligned")],
            "Waiting for the first step…", FollowsLogScale: true, TestId: "loss-chart"),
        new("lr", "Learning rate", [(MetricNames.LearningRate, "lr")], "No step yet.", FollowsLogScale: true),
        new("momentum", "Target momentum τ", [(MetricNames.Momentum, "τ")], "No step yet."),
        new("throughput", "Training step throughput (images/s)", [(MetricNames.ImagesPerSecond, "images/s")], "No step yet."),
        new("dataWait", "Data-wait share of each step", [(DataWaitShare, "data wait / (data wait + compute)")], "No step yet.", Percent: true),
        new("knn", "kNN top-1 (%)", [(RunTableMetrics.KnnTop1, "kNN top-1")], "No kNN evaluation yet.", Measured: true, TestId: "knn-chart"),
    ];

    public static readonly IReadOnlyList<RunChartDefinition> Health =
    [
        new("std", "Embedding std (healthy ≈ 1/√d)", [(MetricNames.EmbeddingStd, "std of ℓ2-normalised embedding")], "No health report yet.", TestId: "std-chart"),
        new("rank", "Effective rank (RankMe)", [(MetricNames.RankMe, "RankMe of the kNN bank's features")],
            "No kNN monitor point yet (RankMe is measured with it).", Measured: true, TestId: "rank-chart"),
        new("entropy", "Map entropy / log P", [(MetricNames.MapEntropyRatio, "entropy ratio")], "No map entropy (baselines have no maps).", TestId: "entropy-chart"),
    ];

    public static IEnumerable<RunChartDefinition> All => Training.Concat(Health);

    /// <summary>The series drawn as lines (the data-wait share among them, its stored parts not).</summary>
    public static readonly IReadOnlySet<string> ChartedNames = All.SelectMany(c => c.Lines).Select(l => l.Metric).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored series the charts need (the data-wait share needs both of its parts).</summary>
    public static IReadOnlyCollection<string> StoredNames =>
    [
        .. All.SelectMany(c => c.Lines).Select(l => l.Metric).Where(m => m != DataWaitShare),
        MetricNames.DataWaitSeconds, MetricNames.ComputeSeconds,
    ];
}
