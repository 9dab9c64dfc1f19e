using Lewel.Bench.Benchmarks;
using Lewel.Bench.Measurement;
using System.Globalization;
using static Lewel.Bench.Report.MarkdownTable;

namespace Lewel.Bench.Report;

public static class ProcessBoundarySection
{
    public const string Name = "process-boundary";

    /// <summary>The issue's bound on what the boundary may cost a run of 200 steps.</summary>
    public const double Target = 1.02;

    public static string Render(ResultsDocument<ProcessBoundaryResults>? document)
    {
        if (document is null) return $"Not measured yet: `dotnet run -c Release --project bench/Lewel.Bench -- {ProcessBoundaryBenchmark.Name}`.";
        var r = document.Results;
        var startup = MarkdownTable.Render(
            ["configuration", "steps", "in-process: process start", "in-process: call", "in-process: second call in the process", "child: `RunAsync` call",
                "child / in-process (process start)", "child − second in-process call"],
            r.Summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Point, s.Steps.ToString(), Ms(s.InProcessStartSeconds), Ms(s.InProcessCallSeconds), Ms(s.InProcessWarmCallSeconds),
                Ms(s.ChildStartSeconds), $"**{Num(s.StartRatio)}**", Ms(s.ChildStartSeconds - s.InProcessWarmCallSeconds),
            ]));
        var throughput = MarkdownTable.Render(
            ["configuration", "steps", $"in-process steps/s (steps {r.WarmupSteps + 1}…N)", "child steps/s", "in-process / child steps/s, slowest – fastest run",
                "child / in-process time per step",
                "ms per step added", "in-process total s", "child total s", "child / in-process total", "final loss (in-process / child)"],
            r.Summaries.Select(s => (IReadOnlyList<string>)
            [
                s.Point, s.Steps.ToString(), Num(s.InProcessStepsPerSecond, 4), Num(s.ChildStepsPerSecond, 4),
                $"{Spread(r.Runs, s.Point, ProcessBoundaryBenchmark.InProcess)} / {Spread(r.Runs, s.Point, ProcessBoundaryBenchmark.Child)}",
                $"**{Ratio(s.StepTimeRatio)}**",
                Num((1 / s.ChildStepsPerSecond - 1 / s.InProcessStepsPerSecond) * 1000), Num(s.InProcessTotalSeconds), Num(s.ChildTotalSeconds),
                Ratio(s.TotalRatio), $"{Num(s.InProcessFinalLoss, 6)} / {Num(s.ChildFinalLoss, 6)}",
            ]));
        var runs = MarkdownTable.Render(
            ["configuration", "order", "side", "load average before", "cores of other work before / during", "all busy cores during",
                "start → first step ms", "steps/s", "total s", ""],
            r.Runs.Select(run => (IReadOnlyList<string>)
            [
                run.Point, run.Order.ToString(), run.Side, Num(run.LoadAverage), $"{Cores(run.OtherCoresBefore)} / {Cores(run.OtherCoresDuring)}",
                Cores(run.BusyCoresDuring), Ms(run.StartToFirstStepSeconds), Num(run.StepsPerSecond, 4), Num(run.TotalSeconds),
                run.Retaken ? "disturbed: timed again" : "",
            ]));
        var pairs = MarkdownTable.Render(
            ["configuration", "pairs", "start → first step", "time per step", "whole run", "time per step, pair by pair"],
            r.Summaries.Select(s => (s, p: ProcessBoundaryBenchmark.Pairs(r.Runs, s.Point))).Where(x => x.p.Count > 0)
                .Select(x => (IReadOnlyList<string>)
                [
                    x.s.Point, x.p.Count.ToString(), Ratio(Statistics.Median(x.p.Select(p => p.Start))),
                    $"**{Ratio(Statistics.Median(x.p.Select(p => p.StepTime)))}**", Ratio(Statistics.Median(x.p.Select(p => p.Total))),
                    string.Join(", ", x.p.Select(p => Num(p.StepTime))),
                ]));
        var configurations = string.Join("", r.Summaries.Select(s => $"- {s.Point}: {s.Description}, {s.Steps} steps\n"));
        var verdicts = string.Join("", r.Summaries.Select(s =>
        {
            var p = ProcessBoundaryBenchmark.Pairs(r.Runs, s.Point);
            return $"- {s.Point}: time per step, child / in-process: {Ratio(s.StepTimeRatio)} from the medians of the sides, " +
                   $"{Estimate(p.Select(x => x.StepTime).ToList())}; the whole run: {Ratio(s.TotalRatio)} from the medians, " +
                   $"{Estimate(p.Select(x => x.Total).ToList())}\n";
        }));
        return $"Measured {document.MeasuredAt:yyyy-MM-dd HH:mm} UTC on {document.Machine.Cpu} ({document.Machine.ProcessorCount} cores, " +
               $"load average {Num(r.LoadAverageAtStart)} at the start and {Num(document.Machine.LoadAverage)} when written), {r.Threads} " +
               $"libtorch thread{(r.Threads == 1 ? "" : "s")}, {r.Repetitions} runs per side interleaved A B B A, each in a fresh process, medians; " +
               $"command: `{document.Command}`. " + (r.QuietCores is { } quiet
                   ? $"Each run waited until other work kept fewer than {Num(quiet)} cores busy, and was timed again when other work kept " +
                     "as many busy during it (from /proc/stat less the CPU time of the harness and its children).\n\n"
                   : "**The runs did not wait for a quiet machine (`--no-quiet-wait`): these times only show that the benchmark works.**\n\n") +
               configurations +
               "\nFrom the start to the arrival of the first step at the caller, ms (in-process: from the start of the fresh process, " +
               "and from the call of `PretrainRunner.Run` in it; child: from the call of `JobSupervisor.RunAsync`, which writes the " +
               "spec and starts `dotnet lewel.dll job`):\n\n" + startup +
               $"\nSteady state, from the arrival times of the steps at the caller (steps {r.WarmupSteps + 1}…N), and the whole run " +
               "(start until the run is back: the call returned, or the child exited):\n\n" + throughput + "\n" + verdicts +
               "\nChild / in-process within each pair of neighbouring runs (A B B A: runs 1 and 2, 3 and 4, …, one of each side, " +
               "run one after the other), medians over the pairs; slow drifts of the machine cancel here:\n\n" + pairs +
               (r.WireMicrosecondsPerStep is { } wire
                   ? $"\nThe boundary's own work per step, encoding a `StepCompleted` as a `JobWire` line and decoding it (timed apart, " +
                     $"in one process): {Num(wire)} µs, " +
                     string.Join(", ", r.Summaries.Select(s => $"{Percent(wire * 1e-6 * s.InProcessStepsPerSecond)} of a step at {s.Point}")) + ".\n"
                   : "") +
               "\nEvery run (cores: the mean number of busy cores over the run; of other work: less the CPU time of the harness and its children):\n\n" + runs;
    }

    private static string Ratio(double ratio) => Num(ratio, 4);

    private static string Cores(double cores) => double.IsNaN(cores) ? "—" : cores.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The mean of the pairs' ratios with two standard errors, and what that says about <see cref="Target"/>.</summary>
    private static string Estimate(IReadOnlyList<double> ratios)
    {
        if (ratios.Count < 2) return "too few pairs to tell it against the bound";
        var mean = ratios.Average();
        var margin = 2 * Statistics.StandardError(ratios);
        var verdict = mean + margin <= Target ? $"within the {Percent(Target - 1)} bound"
            : mean - margin > Target ? $"outside the {Percent(Target - 1)} bound"
            : $"these runs cannot tell whether it is within the {Percent(Target - 1)} bound";
        return $"{Ratio(mean)} ± {Num(margin, 2)} over the pairs (mean ± two standard errors): {verdict}";
    }

    private static string Spread(IReadOnlyList<BoundaryRun> runs, string point, string side)
    {
        var rates = runs.Where(r => r.Point == point && r.Side == side && !r.Retaken).Select(r => r.StepsPerSecond).ToList();
        return rates.Count == 0 ? "—" : $"{Num(rates.Min(), 4)} – {Num(rates.Max(), 4)}";
    }
}
