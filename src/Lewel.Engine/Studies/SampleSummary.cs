using System.Globalization;

namespace Lewel.Engine.Studies;

/// <summary>Mean, sample standard deviation (n − 1) and the two-sided confidence interval of the mean from Student's t
/// with n − 1 degrees of freedom: mean ± t · s / √n. One value has no spread and so no interval.</summary>
public sealed record SampleSummary(int Count, double Mean, double? StandardDeviation, double? HalfWidth, double Confidence)
{
    public const double DefaultConfidence = 0.95;

    public double? Low => HalfWidth is { } h ? Mean - h : null;
    public double? High => HalfWidth is { } h ? Mean + h : null;
    public bool HasInterval => HalfWidth is not null;

    /// <summary>Why there is no interval, or null when there is one.</summary>
    public string? NoIntervalReason => HasInterval ? null : "a single value has no interval (at least 2 seeds are needed)";

    public static SampleSummary Of(IReadOnlyCollection<double> values, double confidence = DefaultConfidence)
    {
        if (values.Count == 0) throw new ArgumentException("a summary needs at least one value", nameof(values));
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must lie strictly between 0 and 1");
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("every value must be a finite number", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n == 1) return new SampleSummary(1, mean, null, null, confidence);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var std = Math.Sqrt(variance);
        var t = StudentT.Quantile(0.5 + confidence / 2, n - 1);
        return new SampleSummary(n, mean, std, t * std / Math.Sqrt(n), confidence);
    }

    /// <summary>"71.2 ± 1.05 [70.2, 72.3] (n=3)", or "71.2 (n=1, no interval)".</summary>
    public string Describe(string format = "0.##")
    {
        var c = CultureInfo.InvariantCulture;
        return HalfWidth is { } h
            ? $"{Mean.ToString(format, c)} ± {h.ToString(format, c)} [{Low!.Value.ToString(format, c)}, {High!.Value.ToString(format, c)}] (n={Count})"
            : $"{Mean.ToString(format, c)} (n=1, no interval)";
    }
}
