using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Studies;
using Lewel.Engine.Training;

namespace Lewel.Cli.Studies;

/// <summary>Reads what a study has produced so far (run summaries, evaluation results, the command history) and
/// writes <c>study.json</c> (every number, the plan, wall times and commands) and <c>study.md</c> (the table).</summary>
public static class StudyReport
{
    public const string HistoryFile = "history.jsonl";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Written(StudyTable Table, string Markdown);

    /// <summary>The outcome in a run directory's summary.json (finished, cancelled, failed), or null.</summary>
    public static string? RunOutcome(string runDir) => Summary(runDir)?["outcome"]?.GetValue<string>();

    /// <summary>An evaluation result written by <c>lewel eval --out</c>, or null when there is none (or it is unreadable).</summary>
    public static EvaluationResult? ReadEvaluation(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            return EvaluationResult.FromJson(File.ReadAllText(file));
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            return null;
        }
    }

    public static void AppendHistory(StudyLayout layout, string arm, long seed, string what, string command, int exitCode, double wallSeconds)
    {
        var line = new JsonObject
        {
            ["arm"] = arm, ["seed"] = seed, ["step"] = what, ["command"] = command, ["exitCode"] = exitCode,
            ["wallSeconds"] = Math.Round(wallSeconds, 3), ["endedAt"] = DateTimeOffset.UtcNow,
        };
        File.AppendAllText(Path.Combine(layout.Root, HistoryFile), line.ToJsonString() + "\n");
    }

    public static Written Write(StudyPlan plan, StudyLayout layout)
    {
        var arms = plan.RandomInit ? [.. plan.Methods, StudyTable.RandomInitArm] : plan.Methods.ToList();
        var observations = new List<StudyObservation>();
        var evaluations = new JsonArray();
        foreach (var seed in plan.Seeds)
            foreach (var arm in arms)
                foreach (var protocol in plan.Evaluations.For(arm))
                {
                    var file = layout.EvaluationFile(arm, seed, protocol);
                    if (ReadEvaluation(file) is not { } result) continue;
                    observations.AddRange(StudyMetrics.Select(protocol, result.Values).Select(v => new StudyObservation(arm, seed, v.Metric, v.Value)));
                    evaluations.Add(new JsonObject
                    {
                        ["arm"] = arm, ["seed"] = seed, ["protocol"] = protocol, ["file"] = Path.GetRelativePath(layout.Root, file),
                        ["wallSeconds"] = StudyRunner.Number(result.WallSeconds),
                        ["parameters"] = JsonSerializer.SerializeToNode(result.Parameters),
                        ["values"] = JsonSerializer.SerializeToNode(result.Values.Where(v => double.IsFinite(v.Value)).ToDictionary()),
                    });
                }
        var table = StudyTable.Build(plan.Baseline, plan.Lewel, observations);
        var runs = new JsonArray();
        foreach (var seed in plan.Seeds)
            foreach (var arm in arms)
            {
                var runDir = layout.RunDir(arm, seed);
                var summary = Summary(runDir);
                runs.Add(new JsonObject
                {
                    ["arm"] = arm, ["seed"] = seed, ["runDir"] = Path.GetRelativePath(layout.Root, runDir),
                    ["outcome"] = arm == StudyTable.RandomInitArm ? (Directory.Exists(runDir) ? "written" : null) : summary?["outcome"]?.DeepClone(),
                    ["steps"] = summary?["steps"]?.DeepClone(),
                    ["wallSeconds"] = summary?["wallSeconds"]?.DeepClone(),
                    ["finalLoss"] = summary?["finalLoss"]?.DeepClone(),
                });
            }
        var report = new JsonObject
        {
            ["plan"] = plan.ToJson(),
            ["runs"] = runs,
            ["evaluations"] = evaluations,
            ["table"] = TableJson(table),
            ["history"] = History(layout),
            ["updatedAt"] = DateTimeOffset.UtcNow,
        };
        var markdown = StudyMarkdown.Render(plan, table);
        AtomicFile.WriteAllText(layout.Report, report.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(layout.Table, markdown);
        return new Written(table, markdown);
    }

    private static JsonArray TableJson(StudyTable table) => new(table.Rows.Select(row => (JsonNode?)new JsonObject
    {
        ["metric"] = row.Metric,
        ["arms"] = new JsonArray(row.Arms.Select(a => (JsonNode?)new JsonObject
        {
            ["arm"] = a.Arm,
            ["summary"] = SummaryJson(a.Summary),
            ["bySeed"] = new JsonObject(a.BySeed.Select(p => KeyValuePair.Create(p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(p.Value)))),
        }).ToArray()),
        ["difference"] = row.Difference is not { } d ? null : new JsonObject
        {
            ["of"] = $"{table.LewelArm} - {table.BaselineArm}",
            ["summary"] = d.Difference is null ? null : SummaryJson(d.Difference),
            ["perSeed"] = new JsonArray(d.Seeds.Select(s => (JsonNode?)new JsonObject
            {
                ["seed"] = s.Seed, ["baseline"] = s.Baseline, ["lewel"] = s.Lewel, ["difference"] = s.Difference,
            }).ToArray()),
            ["unpairedSeeds"] = new JsonArray(d.UnpairedSeeds.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        },
    }).ToArray());

    private static JsonObject SummaryJson(SampleSummary s) => new()
    {
        ["n"] = s.Count,
        ["mean"] = s.Mean,
        ["std"] = StudyRunner.Number(s.StandardDeviation),
        ["confidence"] = s.Confidence,
        ["halfWidth"] = StudyRunner.Number(s.HalfWidth),
        ["low"] = StudyRunner.Number(s.Low),
        ["high"] = StudyRunner.Number(s.High),
        ["note"] = s.NoIntervalReason,
    };

    private static JsonObject? Summary(string runDir)
    {
        var path = Path.Combine(runDir, RunDirectory.SummaryFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static JsonArray History(StudyLayout layout)
    {
        var path = Path.Combine(layout.Root, HistoryFile);
        var lines = new JsonArray();
        if (!File.Exists(path)) return lines;
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (JsonNode.Parse(line) is { } node) lines.Add(node);
            }
            catch (JsonException)
            {
                // a line cut short by a kill: the step it records runs again
            }
        }
        return lines;
    }
}
