using System.Globalization;

namespace Lewel.Web.Runs.Health;

/// <summary>A health rule that fired for a run: its name (what a banner and a webhook call it), the step and why.</summary>
public sealed record HealthAlert(string Rule, int Step, string Message);

/// <summary>The thresholds on a run's health metrics. The engine decides collapse and low rank (it knows the first
/// std and min(n, d)) and reports them as warning flags; the studio adds the map rule, which needs only the entropy.</summary>
public static class HealthRules
{
    public const string EmbeddingCollapse = "embedding-std-collapse";
    public const string LowEffectiveRank = "low-effective-rank";
    public const string UniformMaps = "uniform-maps";

    /// <summary>Map entropy / log P at or above this is indistinguishable from uniform maps: they do not localise.</summary>
    public const double UniformEntropyRatio = 0.999;

    /// <summary>The uniform-maps rule waits until this fraction of the run has passed (maps start uniform).</summary>
    public const double UniformMapsAfterFraction = 0.25;

    /// <summary>The rules that hold for the latest values (metric name → value and step).</summary>
    public static IReadOnlyList<HealthAlert> Evaluate(IReadOnlyDictionary<string, (double Value, int Step)> latest, int totalSteps)
    {
        var alerts = new List<HealthAlert>();
        if (latest.TryGetValue(MetricNames.CollapseWarning, out var collapse) && collapse.Value > 0.5)
        {
            var std = latest.TryGetValue(MetricNames.EmbeddingStd, out var s) ? s.Value : double.NaN;
            var expected = latest.TryGetValue(MetricNames.ExpectedStd, out var e) ? e.Value : double.NaN;
            alerts.Add(new HealthAlert(EmbeddingCollapse, collapse.Step, string.Create(CultureInfo.InvariantCulture,
                $"the embedding std ({std:G3}) is far below the healthy 1/√d ({expected:G3}): the outputs are becoming constant")));
        }
        if (latest.TryGetValue(MetricNames.LowRankWarning, out var lowRank) && lowRank.Value > 0.5)
        {
            var rank = latest.TryGetValue(MetricNames.RankMe, out var r) ? r.Value : double.NaN;
            var max = latest.TryGetValue(MetricNames.RankMeMax, out var m) ? m.Value : double.NaN;
            alerts.Add(new HealthAlert(LowEffectiveRank, lowRank.Step, string.Create(CultureInfo.InvariantCulture,
                $"the features' effective rank (RankMe {rank:0.#} of at most {max:0}) is below {Lewel.Engine.Training.HealthCheck.LowRankFraction:0.##}·min(n, d): dimensional collapse")));
        }
        if (latest.TryGetValue(MetricNames.MapEntropyRatio, out var entropy) && entropy.Value >= UniformEntropyRatio
            && totalSteps > 0 && entropy.Step >= UniformMapsAfterFraction * totalSteps)
        {
            alerts.Add(new HealthAlert(UniformMaps, entropy.Step, string.Create(CultureInfo.InvariantCulture,
                $"the alignment maps' entropy is {entropy.Value:0.####} of log P at step {entropy.Step} (≥ {UniformEntropyRatio}): the maps are still uniform and do not localise")));
        }
        return alerts;
    }
}
