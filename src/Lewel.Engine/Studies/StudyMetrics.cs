using Lewel.Engine.Evaluation;

namespace Lewel.Engine.Studies;

/// <summary>The evaluations a study runs on each network and the numbers of theirs its table reports, named
/// <c>{protocol}.{value}</c>. Localisation needs alignment maps, so only the LEWEL arm (and only on data with masks)
/// has it.</summary>
public static class StudyMetrics
{
    public static IReadOnlyList<string> Protocols { get; } = [KnnProtocol.Name, LinearProbeProtocol.Name, LocalizationProtocol.Name];

    /// <summary>The kNN neighbours and linear-probe epochs a study uses unless told otherwise: the protocols' own.</summary>
    public static int DefaultKnnK => KnnSetting.Default.K;
    public static int DefaultLinearEpochs => new LinearProbeOptions().Epochs;

    /// <summary>Whether a data set of this spec carries object masks without opening it: the generated shapes do.
    /// (Opening the data set tells for certain; <c>lewel study</c> does that.)</summary>
    public static bool MasksExpected(string dataset) =>
        dataset.StartsWith("shapes:", StringComparison.OrdinalIgnoreCase) || dataset.Equals("shapes", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="protocol"/> measures networks of <paramref name="method"/> (localisation needs
    /// a LEWEL neck).</summary>
    public static bool Applies(string protocol, string method) => protocol != LocalizationProtocol.Name || Config.MethodIds.IsLewel(method);

    public static IReadOnlyList<string> Reported { get; } =
    [
        "knn.top1", "knn.top5", "linear.top1", "linear.top5", "localization.massOnObject", "localization.peakOnObject",
    ];

    /// <summary>The reported numbers among one evaluation's values.</summary>
    public static IEnumerable<(string Metric, double Value)> Select(string protocol, IReadOnlyDictionary<string, double> values) =>
        values.Select(v => (Metric: $"{protocol}.{v.Key}", v.Value)).Where(v => Reported.Contains(v.Metric) && double.IsFinite(v.Value))
            .OrderBy(v => IndexOf(v.Metric));

    private static int IndexOf(string metric) => Reported.Select((m, i) => (m, i)).First(p => p.m == metric).i;
}
