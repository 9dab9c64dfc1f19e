using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Studies;

namespace Lewel.Cli.Studies;

/// <summary>Carries out a study step by step, seed by seed (both arms trained, then every network evaluated, so a
/// stopped study leaves whole pairs): each pretraining run and each evaluation in its own <c>lewel</c> process, the
/// random initialisation written in this one. A step whose result is already on disk is skipped, and a run with
/// checkpoints but no finished summary is continued with <c>pretrain --resume</c>, so running the same command again
/// picks a study up where it stopped. The report is rewritten after every step.</summary>
public sealed class StudyRunner(StudyPlan plan, StudyLayout layout, TextWriter output, Func<bool> stopRequested)
{
    public const int Completed = 0;
    public const int StepFailed = 1;
    public const int Stopped = 130;

    private sealed record Step(string Label, Func<bool> IsDone, Func<int> Execute);

    public int Run()
    {
        var steps = Plan().ToList();
        var done = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var label = $"study: [{i + 1}/{steps.Count}] {step.Label}";
            if (step.IsDone())
            {
                output.WriteLine($"{label}: already done");
                done++;
                continue;
            }
            if (stopRequested()) return Finish(Stopped, "stopped; run the same command again to continue");
            output.WriteLine($"{label} ...");
            output.Flush();
            var exit = step.Execute();
            StudyReport.Write(plan, layout);
            if (exit != 0)
                return Finish(exit == Stopped || stopRequested() ? Stopped : StepFailed,
                    exit == Stopped ? "stopped; run the same command again to continue"
                                    : $"{step.Label} failed (exit code {exit}); fix the cause and run the same command again to continue");
            done++;
        }
        var report = StudyReport.Write(plan, layout);
        output.WriteLine($"study: all {steps.Count} steps done; wrote {layout.Report} and {layout.Table}");
        output.WriteLine();
        output.Write(report.Markdown);
        return Completed;
    }

    private int Finish(int exit, string message)
    {
        StudyReport.Write(plan, layout);
        output.WriteLine($"study: {message}");
        return exit;
    }

    private IEnumerable<Step> Plan()
    {
        foreach (var seed in plan.Seeds)
        {
            foreach (var method in plan.Methods) yield return Pretrain(method, seed);
            if (plan.RandomInit) yield return RandomInit(seed);
            foreach (var arm in Arms())
                foreach (var protocol in plan.Evaluations.For(arm))
                    yield return Evaluate(arm, seed, protocol);
        }
    }

    private IEnumerable<string> Arms() => plan.RandomInit ? [.. plan.Methods, StudyTable.RandomInitArm] : plan.Methods;

    private Step Pretrain(string method, long seed)
    {
        var runDir = layout.RunDir(method, seed);
        return new Step($"pretrain {method} seed {seed} ({runDir})", () => StudyReport.RunOutcome(runDir) == "finished", () =>
        {
            var resuming = new CheckpointStore(Path.Combine(runDir, Engine.Training.RunDirectory.CheckpointsFolder)).List().Count > 0;
            string[] args;
            if (resuming)
            {
                output.WriteLine($"study: {runDir} has checkpoints: resuming");
                args = ["pretrain", "--resume", runDir];
            }
            else
            {
                var configFile = layout.ConfigFile(method, seed);
                Directory.CreateDirectory(Path.GetDirectoryName(configFile)!);
                File.WriteAllText(configFile, plan.RunConfigFor(method, seed).ToJson() + "\n");
                args = ["pretrain", "--config", configFile, "--out", runDir];
            }
            return Child(method, seed, "pretrain", args);
        });
    }

    private Step RandomInit(long seed)
    {
        var runDir = layout.RunDir(StudyTable.RandomInitArm, seed);
        return new Step($"random initialisation seed {seed} ({runDir})", () => HasFinalCheckpoint(runDir), () =>
        {
            var clock = Stopwatch.StartNew();
            var path = InitialCheckpoint.Write(plan.RunConfigFor(plan.Baseline, seed) with { Name = $"random init seed {seed}" }, runDir);
            output.WriteLine($"    wrote {path}");
            StudyReport.AppendHistory(layout, StudyTable.RandomInitArm, seed, "random-init", $"(in process) random initialisation of {plan.Baseline}", 0, clock.Elapsed.TotalSeconds);
            return 0;
        });
    }

    private Step Evaluate(string arm, long seed, string protocol)
    {
        var file = layout.EvaluationFile(arm, seed, protocol);
        return new Step($"eval {protocol} of {arm} seed {seed}", () => StudyReport.ReadEvaluation(file) is not null, () =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var partial = file + ".partial";
            string[] args =
            [
                "eval", protocol, "--checkpoint", layout.RunDir(arm, seed), "--out", partial, "--device", plan.Config.Device,
                .. plan.Evaluations.BatchSize is { } batch ? ["--batch-size", batch.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                .. plan.Evaluations.OptionsOf(protocol),
            ];
            var exit = Child(arm, seed, protocol, args);
            if (exit == 0) File.Move(partial, file, overwrite: true); // a result exists only once complete
            return exit;
        });
    }

    private int Child(string arm, long seed, string what, string[] args)
    {
        var clock = Stopwatch.StartNew();
        var exit = ChildCommand.Run(args, output);
        StudyReport.AppendHistory(layout, arm, seed, what, ChildCommand.Describe(args), exit, clock.Elapsed.TotalSeconds);
        return exit;
    }

    private static bool HasFinalCheckpoint(string runDir)
    {
        var pointer = Path.Combine(runDir, Engine.Training.RunDirectory.CheckpointsFolder, CheckpointStore.FinalFileName);
        return File.Exists(pointer) && File.Exists(Path.Combine(Path.GetDirectoryName(pointer)!, File.ReadAllText(pointer).Trim()));
    }

    internal static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
