using System.Globalization;
using System.Text;
using Lewel.Engine.Studies;

namespace Lewel.Cli.Studies;

/// <summary><c>study.md</c>: the configuration in one paragraph, the table of each arm's mean with its 95 % interval
/// and the paired difference LEWEL − baseline per metric, then one row per seed and arm.</summary>
public static class StudyMarkdown
{
    public static string Render(StudyPlan plan, StudyTable table)
    {
        var c = CultureInfo.InvariantCulture;
        var config = plan.Config;
        var text = new StringBuilder();
        text.AppendLine($"# Study: {plan.Baseline} vs {plan.Lewel}").AppendLine();
        text.AppendLine($"- data set: `{config.Dataset}`");
        text.AppendLine($"- budget: {(config.Steps is { } steps ? $"{steps} steps" : $"{config.Epochs} epochs")}, batch {config.BatchSize}, " +
                        $"{config.Backbone} width {config.Width.ToString(c)}, {config.ImageSize} px, preset {config.Preset}, device {config.Device}");
        text.AppendLine($"- seeds: {string.Join(", ", plan.Seeds)} (each seed trains both methods with the same data, schedule and seed)");
        text.AppendLine($"- evaluations: {string.Join(", ", plan.Evaluations.Protocols.Select(p => Describe(plan.Evaluations, p)))}" +
                        (plan.RandomInit ? "; random-init reference: the same backbone before training, same evaluations" : ""));
        text.AppendLine().AppendLine("Mean ± half-width of the 95 % interval [low, high] over seeds (Student's t, n − 1 degrees of freedom). " +
                                     $"The difference is {plan.Lewel} − {plan.Baseline} per seed, with the interval of those differences.").AppendLine();
        var arms = table.Rows.SelectMany(r => r.Arms.Select(a => a.Arm)).Distinct().ToList();
        if (table.Rows.Count == 0)
        {
            text.AppendLine("No evaluation has finished yet.");
            return text.ToString();
        }
        text.AppendLine($"| metric | {string.Join(" | ", arms.Select(ArmLabel))} | {plan.Lewel} − {plan.Baseline} (paired) |");
        text.AppendLine($"|---|{string.Concat(arms.Select(_ => "---|"))}---|");
        foreach (var row in table.Rows)
        {
            var cells = arms.Select(a => row.Arm(a)?.Summary.Describe() ?? "—");
            var difference = row.Difference?.Difference is { } d ? Signed(d) : "—";
            text.AppendLine($"| {row.Metric} | {string.Join(" | ", cells)} | {difference} |");
        }
        text.AppendLine().AppendLine("## Per seed").AppendLine();
        var metrics = table.Rows.Select(r => r.Metric).ToList();
        text.AppendLine($"| seed | arm | {string.Join(" | ", metrics)} |");
        text.AppendLine($"|---|---|{string.Concat(metrics.Select(_ => "---|"))}");
        foreach (var seed in plan.Seeds)
            foreach (var arm in arms)
            {
                var cells = table.Rows.Select(r => r.Arm(arm)?.BySeed.TryGetValue(seed, out var v) == true ? v.ToString("0.##", c) : "—");
                text.AppendLine($"| {seed} | {ArmLabel(arm)} | {string.Join(" | ", cells)} |");
            }
        return text.ToString();
    }

    private static string Describe(StudyEvaluations evaluations, string protocol) => protocol switch
    {
        Engine.Evaluation.KnnProtocol.Name => $"kNN (k={evaluations.KnnK})",
        Engine.Evaluation.LinearProbeProtocol.Name => $"linear probe ({evaluations.LinearEpochs} epochs)",
        _ => "localisation (LEWEL arm: its alignment maps)",
    };

    private static string ArmLabel(string arm) => arm == StudyTable.RandomInitArm ? "random init" : arm;

    private static string Signed(SampleSummary d)
    {
        var text = d.Describe();
        return d.Mean >= 0 ? "+" + text : text;
    }
}
