using System.Globalization;
using Lewel.Data.Series;
using Lewel.Web.Components.Charts;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Compare;

/// <summary>One evaluation drawn over steps on the compare page: which protocol's value, and the factor that turns it
/// into a percentage (localisation reports fractions).</summary>
internal sealed record CompareEvaluationChart(string Title, string TestId, string Protocol, string Value, double ToPercent, string EmptyText);

/// <summary>How methods are compared: by what they learned, measured over steps (the kNN monitor, and where present
/// the linear probe and the localisation of the alignment maps), each point with the 95 % Wilson interval of the number
/// of test images it was measured on as its band.</summary>
internal static class CompareEvaluationCurves
{
    public static readonly CompareEvaluationChart Knn = new("kNN top-1 (%) · 95 % Wilson interval", "compare-knn-chart", "knn", "top1", 1,
        "No kNN evaluation yet.");

    public static readonly IReadOnlyList<CompareEvaluationChart> All =
    [
        Knn,
        new("Linear probe top-1 (%) · 95 % Wilson interval", "compare-linear-chart", "linear", "top1", 1, "No linear probe yet."),
        new("Localisation: maps peaking on the object (%) · 95 % Wilson interval", "compare-localization-chart", "localization", "peakOnObject", 100,
            "No localisation evaluation yet."),
    ];

    /// <summary>The number of test images an evaluation measured (each protocol names it its own way); null when it
    /// does not say.</summary>
    public static int? TestImages(EvaluationDto evaluation)
    {
        foreach (var name in (string[])["querySize", "testSize", "images"])
            if (evaluation.Parameters.TryGetValue(name, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0)
                return n;
        return null;
    }

    /// <summary>Each run's line of <paramref name="chart"/>. The kNN line also takes the monitor's stored
    /// <c>knn.top1</c> series (<paramref name="knnSeries"/>): at a step with an evaluation the evaluation wins (it knows
    /// its test images); a monitor point without one gets the run's latest kNN test-set size.</summary>
    public static List<LiveSeries> Lines(CompareEvaluationChart chart, IReadOnlyList<CompareLine> runs,
        IReadOnlyDictionary<long, List<EvaluationDto>> evaluations, IReadOnlyDictionary<long, List<SeriesPoint>> knnSeries)
    {
        var lines = new List<LiveSeries>();
        foreach (var run in runs)
        {
            var measured = evaluations.GetValueOrDefault(run.RunId) ?? [];
            var byStep = new SortedDictionary<int, (double Percent, int? N)>();
            if (chart == Knn)
            {
                var knnSize = measured.Where(e => e.Protocol == chart.Protocol).OrderBy(e => e.Step).Select(TestImages).LastOrDefault(n => n is not null);
                foreach (var p in knnSeries.GetValueOrDefault(run.RunId) ?? [])
                    if (double.IsFinite(p.Value)) byStep[p.Step] = (p.Value, knnSize);
            }
            foreach (var e in measured.Where(e => e.Protocol == chart.Protocol))
            {
                if (!e.Values.TryGetValue(chart.Value, out var value) || !double.IsFinite(value)) continue;
                var percent = value * chart.ToPercent;
                // Several evaluations at one step (other parameters): the best is drawn.
                if (byStep.TryGetValue(e.Step, out var have) && have.N is not null && have.Percent >= percent) continue;
                byStep[e.Step] = (percent, TestImages(e));
            }
            if (byStep.Count == 0) continue;
            var points = byStep.Select(p => p.Value.N is { } n
                ? Banded(p.Key, p.Value.Percent, BinomialInterval.Wilson(p.Value.Percent, n))
                : new LivePoint(p.Key, p.Value.Percent, p.Value.Percent, p.Value.Percent)).ToList();
            lines.Add(new LiveSeries(run.Label, run.Color, points, HasBand: byStep.Values.Any(v => v.N is not null)));
        }
        return lines;
    }

    private static LivePoint Banded(int step, double percent, (double Low, double High) interval) => new(step, percent, interval.Low, interval.High);
}
