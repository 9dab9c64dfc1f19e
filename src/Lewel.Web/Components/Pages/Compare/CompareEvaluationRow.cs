using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Compare;

/// <summary>One evaluated value across the runs: each run's best value and, where the evaluation says on how many test
/// images it was measured, that count for its interval.</summary>
internal sealed record CompareEvaluationRow(string Protocol, IReadOnlyDictionary<string, string> Parameters, string Value,
    Dictionary<long, double?> Best, Dictionary<long, int> TestImages)
{
    /// <summary>Accuracies (top-k in percent) on a known number of test images get a Wilson interval.</summary>
    public (double Low, double High)? Interval(long runId) =>
        Value.StartsWith("top", StringComparison.Ordinal) && Best.GetValueOrDefault(runId) is { } v && TestImages.TryGetValue(runId, out var n) && n > 0
            ? BinomialInterval.Wilson(v, n) : null;

    /// <summary>Every run has an interval and they all overlap: the difference is within sampling noise.</summary>
    public bool WithinNoise(IEnumerable<long> runIds)
    {
        var intervals = runIds.Select(Interval).ToList();
        return intervals.Count >= 2 && intervals.All(i => i is not null) && BinomialInterval.AllOverlap([.. intervals.Select(i => i!.Value)]);
    }

    /// <summary>A row per protocol, parameters and value, from every run's evaluations (its own and its evaluation
    /// runs'), in protocol and value order.</summary>
    public static List<CompareEvaluationRow> Build(IReadOnlyDictionary<long, List<EvaluationDto>> evaluations)
    {
        var rows = new Dictionary<string, CompareEvaluationRow>(StringComparer.Ordinal);
        foreach (var (runId, results) in evaluations)
        {
            foreach (var evaluation in results)
            {
                var parameters = string.Join(",", evaluation.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                foreach (var (name, value) in evaluation.Values)
                {
                    var key = $"{evaluation.Protocol}|{parameters}|{name}";
                    if (!rows.TryGetValue(key, out var row))
                        rows[key] = row = new CompareEvaluationRow(evaluation.Protocol, evaluation.Parameters, name, [], []);
                    if (!double.IsFinite(value)) continue;
                    if (row.Best.GetValueOrDefault(runId) is { } best && best >= value) continue;
                    row.Best[runId] = value;
                    if (CompareEvaluationCurves.TestImages(evaluation) is { } n) row.TestImages[runId] = n;
                    else row.TestImages.Remove(runId);
                }
            }
        }
        return [.. rows.Values.OrderBy(r => r.Protocol, StringComparer.Ordinal).ThenBy(r => r.Value, StringComparer.Ordinal)];
    }
}
