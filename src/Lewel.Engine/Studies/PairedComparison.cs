namespace Lewel.Engine.Studies;

/// <summary>One seed's pair: the baseline's value, the LEWEL variant's, and LEWEL − baseline.</summary>
public sealed record SeedDifference(long Seed, double Baseline, double Lewel)
{
    public double Difference => Lewel - Baseline;
}

/// <summary>The paired difference LEWEL − baseline over the seeds both arms have, with its interval (the one-sample
/// t interval of the per-seed differences: pairing removes the seed-to-seed spread both arms share). Seeds only one
/// arm has are listed in <see cref="UnpairedSeeds"/> and left out.</summary>
public sealed record PairedComparison(IReadOnlyList<SeedDifference> Seeds, SampleSummary? Difference, IReadOnlyList<long> UnpairedSeeds)
{
    public static PairedComparison Of(IReadOnlyDictionary<long, double> baseline, IReadOnlyDictionary<long, double> lewel,
        double confidence = SampleSummary.DefaultConfidence)
    {
        var seeds = baseline.Keys.Intersect(lewel.Keys).Order().Select(s => new SeedDifference(s, baseline[s], lewel[s])).ToList();
        var unpaired = baseline.Keys.Union(lewel.Keys).Except(seeds.Select(s => s.Seed)).Order().ToList();
        var summary = seeds.Count == 0 ? null : SampleSummary.Of(seeds.Select(s => s.Difference).ToList(), confidence);
        return new PairedComparison(seeds, summary, unpaired);
    }
}
