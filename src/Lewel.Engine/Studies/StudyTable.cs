namespace Lewel.Engine.Studies;

/// <summary>One measured number of a study: an arm (a method id, or <see cref="StudyTable.RandomInitArm"/>) at a seed,
/// for a metric such as <c>knn.top1</c>.</summary>
public sealed record StudyObservation(string Arm, long Seed, string Metric, double Value);

/// <summary>An arm's values of one metric, by seed, and their summary.</summary>
public sealed record ArmSummary(string Arm, IReadOnlyDictionary<long, double> BySeed, SampleSummary Summary);

/// <summary>One metric of the study: each arm that measured it, and the paired difference LEWEL − baseline when both
/// did.</summary>
public sealed record StudyMetricRow(string Metric, IReadOnlyList<ArmSummary> Arms, PairedComparison? Difference)
{
    public ArmSummary? Arm(string arm) => Arms.FirstOrDefault(a => a.Arm == arm);
}

/// <summary>The study's result table, built the same way for the CLI's study.md and the app's study page: metrics in
/// the order first observed, arms in the order baseline, LEWEL, random init.</summary>
public sealed record StudyTable(string BaselineArm, string LewelArm, IReadOnlyList<StudyMetricRow> Rows)
{
    public const string RandomInitArm = "random-init";

    public static StudyTable Build(string baselineArm, string lewelArm, IEnumerable<StudyObservation> observations,
        double confidence = SampleSummary.DefaultConfidence)
    {
        var all = observations.ToList();
        var duplicate = all.GroupBy(o => (o.Arm, o.Seed, o.Metric)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{duplicate.Key.Metric} of {duplicate.Key.Arm} at seed {duplicate.Key.Seed} was observed {duplicate.Count()} times", nameof(observations));
        var armOrder = new List<string> { baselineArm, lewelArm, RandomInitArm };
        var rows = new List<StudyMetricRow>();
        foreach (var metric in all.Select(o => o.Metric).Distinct())
        {
            var arms = all.Where(o => o.Metric == metric).GroupBy(o => o.Arm)
                .OrderBy(g => armOrder.IndexOf(g.Key) is var i && i >= 0 ? i : armOrder.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var bySeed = g.OrderBy(o => o.Seed).ToDictionary(o => o.Seed, o => o.Value);
                    return new ArmSummary(g.Key, bySeed, SampleSummary.Of(bySeed.Values, confidence));
                }).ToList();
            var baseline = arms.FirstOrDefault(a => a.Arm == baselineArm);
            var lewel = arms.FirstOrDefault(a => a.Arm == lewelArm);
            var difference = baseline is null || lewel is null ? null : PairedComparison.Of(baseline.BySeed, lewel.BySeed, confidence);
            rows.Add(new StudyMetricRow(metric, arms, difference));
        }
        return new StudyTable(baselineArm, lewelArm, rows);
    }
}
