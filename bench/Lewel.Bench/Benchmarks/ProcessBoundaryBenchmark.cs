using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>process-boundary</c>: what running a pretraining run in a child process costs. The same LEWEL_B run is
/// timed (a) in-process, <c>PretrainRunner.Run</c> in a fresh child of this program, and (b) through the studio's
/// <c>JobSupervisor</c>, which starts <c>lewel job</c> and decodes its stdout, alternately A B B A. Measured for each:
/// the time from the start (the process start for (a), the <c>RunAsync</c> call for (b)) to the arrival of the first
/// step, the steps per second over steps 11 … N from the arrival times of the steps at the caller, and the time to the
/// end of the run. At two points: a tiny run where a step costs a few milliseconds, so any per-step cost of the boundary
/// shows, and a step of realistic size. Before each run it waits until the machine is quiet, and a run that other work
/// disturbed is timed again. Writes
/// bench/results/process-boundary.json.</summary>
public static class ProcessBoundaryBenchmark
{
    public const string Name = "process-boundary";
    public const string InProcess = "in-process";
    public const string Child = "child";

    /// <summary>Other work keeping this many cores busy postpones a run (sampled for 3 s before it), or has it timed
    /// again (measured over the run: all busy time less that of this process and its children).</summary>
    public const double QuietCores = 0.25;

    /// <summary>How many times one run of the order is timed at most when other work keeps disturbing it.</summary>
    public const int MaxAttempts = 4;

    public const string NoQuietWait = "--no-quiet-wait";

    public static readonly BoundaryPoint Tiny = new("r18-w0.0625-16px-b8", 0.0625, 16, 8, 200, "shapes:size=16,n=64,seed=3",
        new HeadConfig { ProjectorHidden = 32, Dim = 16, PredictorHidden = 32 }, NumHeads: 2);

    public static readonly BoundaryPoint Realistic = new("r18-w0.25-32px-b32", 0.25, 32, 32, 100, "shapes:size=32,n=256,seed=3",
        new HeadConfig { ProjectorHidden = 256, Dim = 64, PredictorHidden = 256 }, NumHeads: 4);

    public static int Run(string[] argv)
    {
        // --no-quiet-wait: time runs however busy the machine is (to check that the benchmark works, not for results).
        var waitForQuiet = !argv.Contains(NoQuietWait);
        argv = [.. argv.Where(a => a != NoQuietWait)];
        var args = BenchArgs.Parse(argv);
        // One libtorch thread unless asked: the pair loader's thread and the supervisor then have the second core.
        var threads = argv.Contains("--threads") ? args.Threads : 1;
        var repetitions = args.Reps ?? (args.Quick ? 2 : 4);
        IReadOnlyList<BoundaryPoint> points = args.Quick
            ? [Tiny with { Steps = 40 }, Realistic with { Steps = 20 }]
            : [Tiny, Realistic];
        if (args.Steps is { } steps) points = [.. points.Select(p => p with { Steps = steps })];
        if (points.Any(p => p.Steps <= StepArrivals.WarmupSteps))
            throw new ArgumentException($"--steps must exceed the {StepArrivals.WarmupSteps} warm-up steps");
        var timeout = TimeSpan.FromMinutes(20);
        var loadAtStart = MachineInfo.LoadAverage1Min();

        var root = Directory.CreateTempSubdirectory("lewel-boundary-").FullName;
        try
        {
            var runs = new List<BoundaryRun>();
            var summaries = new List<BoundarySummary>();
            foreach (var point in points)
            {
                var dir = Path.Combine(root, point.Name);
                var cache = Path.Combine(dir, "datasets");
                Directory.CreateDirectory(dir);
                var config = point.Config(threads);
                var configPath = Path.Combine(dir, "config.json");
                File.WriteAllText(configPath, config.ToJson());
                // Unmeasured: generates the data set into the cache both sides read and brings the programs and libtorch
                // into the page cache.
                var warmupPath = Path.Combine(dir, "warmup.json");
                File.WriteAllText(warmupPath, (config with { Steps = StepArrivals.WarmupSteps + 2 }).ToJson());
                InProcessRun.Measure(warmupPath, Path.Combine(dir, "warmup-a"), cache, warmSteps: 0, timeout);
                SupervisedRun.MeasureAsync(config with { Steps = StepArrivals.WarmupSteps + 2 }, Path.Combine(dir, "warmup-b"), cache, timeout)
                    .GetAwaiter().GetResult();

                var pointRuns = new List<BoundaryRun>();
                foreach (var (side, order) in Order(repetitions).Select((s, i) => (s, i + 1)))
                    for (var attempt = 1; ; attempt++)
                    {
                        var quiet = waitForQuiet ? WaitForQuiet() : CpuBusy.SampleOthers(TimeSpan.FromSeconds(3));
                        var load = MachineInfo.LoadAverage1Min();
                        var cpuBefore = CpuBusy.Read();
                        var runDir = Path.Combine(dir, $"{order:00}-{attempt}-{side}");
                        var times = side == InProcess
                            ? InProcessRun.Measure(configPath, runDir, cache, warmSteps: StepArrivals.WarmupSteps + 2, timeout)
                            : SupervisedRun.MeasureAsync(config, runDir, cache, timeout).GetAwaiter().GetResult();
                        var cpuAfter = CpuBusy.Read();
                        var (during, others) = cpuBefore is null || cpuAfter is null ? (double.NaN, double.NaN)
                            : (CpuBusy.Cores(cpuBefore, cpuAfter, Environment.ProcessorCount), CpuBusy.OtherCores(cpuBefore, cpuAfter, Environment.ProcessorCount));
                        // A run that other work disturbed is timed again (and kept in the results, marked), up to MaxAttempts.
                        var retake = waitForQuiet && others >= QuietCores && attempt < MaxAttempts;
                        var run = BoundaryRun.From(point.Name, side, order, load, quiet, during, others, times) with { Retaken = retake };
                        Console.WriteLine($"{point.Name,-20} {order,2}.{attempt} {side,-10} start → first step {run.StartToFirstStepSeconds * 1000,7:F0} ms, " +
                                          $"{run.StepsPerSecond,7:F2} steps/s, total {run.TotalSeconds,6:F2} s (load {load:F2}; other work {quiet:F2} cores " +
                                          $"before, {others:F2} during; all {during:F2}){(retake ? ": disturbed, timing it again" : "")}");
                        pointRuns.Add(run);
                        Directory.Delete(runDir, recursive: true);
                        if (Directory.Exists(runDir + "-warm")) Directory.Delete(runDir + "-warm", recursive: true);
                        if (!retake) break;
                    }
                var summary = Summarise(point, pointRuns);
                Console.WriteLine($"{point.Name}: child / in-process: start {summary.StartRatio:F3}, step time {summary.StepTimeRatio:F4}, total {summary.TotalRatio:F3}");
                summaries.Add(summary);
                runs.AddRange(pointRuns);
            }
            if (waitForQuiet) WaitForQuiet();
            var wire = WireCost.MicrosecondsPerStep();
            Console.WriteLine($"encoding and decoding a step's event: {wire:F1} µs");
            var path = ResultsFile.Write(args.Output ?? Name, new ProcessBoundaryResults(threads, repetitions, StepArrivals.WarmupSteps,
                waitForQuiet ? QuietCores : null, loadAtStart, summaries, runs, wire));
            Console.WriteLine($"wrote {path}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The sides in the order they run: A B, then B A, and so on, so that a drift of the machine falls on both
    /// alike. Each side runs <paramref name="repetitions"/> times.</summary>
    public static IReadOnlyList<string> Order(int repetitions) =>
        [.. Enumerable.Range(0, repetitions).SelectMany(i => i % 2 == 0 ? new[] { InProcess, Child } : [Child, InProcess])];

    public static BoundarySummary Summarise(BoundaryPoint point, IReadOnlyList<BoundaryRun> runs)
    {
        var a = runs.Where(r => r.Side == InProcess && !r.Retaken).ToList();
        var b = runs.Where(r => r.Side == Child && !r.Retaken).ToList();
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException($"{point.Name} needs runs of both sides", nameof(runs));
        static double Median(IEnumerable<double> values) => Statistics.Median(values);
        return new BoundarySummary(point.Name, point.Description, point.Steps, Math.Min(a.Count, b.Count),
            Median(a.Select(r => r.StartToFirstStepSeconds)), Median(a.Select(r => r.CallToFirstStepSeconds ?? double.NaN)),
            Median(a.Select(r => r.WarmCallToFirstStepSeconds ?? double.NaN)), Median(b.Select(r => r.StartToFirstStepSeconds)),
            Median(a.Select(r => r.StepsPerSecond)), Median(b.Select(r => r.StepsPerSecond)),
            Median(a.Select(r => r.TotalSeconds)), Median(b.Select(r => r.TotalSeconds)),
            Median(a.Select(r => r.FinalLoss)), Median(b.Select(r => r.FinalLoss)));
    }

    /// <summary>Child / in-process for each pair of neighbouring runs of <paramref name="point"/> in the order (runs 1 and 2,
    /// 3 and 4, …: one of each side, run one after the other under nearly the same conditions), in order. A pair without
    /// a timing of both sides (retaken runs are left out) is skipped.</summary>
    public static IReadOnlyList<PairRatios> Pairs(IReadOnlyList<BoundaryRun> runs, string point) =>
    [
        .. runs.Where(r => r.Point == point && !r.Retaken).GroupBy(r => (r.Order - 1) / 2).OrderBy(g => g.Key)
            .Select(g => (A: g.FirstOrDefault(r => r.Side == InProcess), B: g.FirstOrDefault(r => r.Side == Child)))
            .Where(p => p.A is not null && p.B is not null)
            .Select(p => new PairRatios(p.B!.StartToFirstStepSeconds / p.A!.StartToFirstStepSeconds, p.A.StepsPerSecond / p.B.StepsPerSecond,
                p.B.TotalSeconds / p.A.TotalSeconds)),
    ];

    /// <summary>Waits (sampling 3 s of CPU time every 30 s, up to 25 minutes) until other work keeps fewer than
    /// <see cref="QuietCores"/> cores busy; returns the last sample. Throws when the machine stays busy.</summary>
    private static double WaitForQuiet()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(25);
        while (true)
        {
            var busy = CpuBusy.SampleOthers(TimeSpan.FromSeconds(3));
            if (double.IsNaN(busy) || busy < QuietCores) return busy;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the machine stayed busy ({busy:F2} cores of other work) for 25 minutes; no run was timed");
            Console.WriteLine($"  machine busy ({busy:F2} cores of other work, load average {MachineInfo.LoadAverage1Min():F2}); waiting 30 s");
            Thread.Sleep(TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>A configuration of the comparison: LEWEL_B from the <c>small</c> preset with this backbone width, image size,
/// batch, data set and heads, on the CPU, with the kNN monitor off and map snapshots and a checkpoint only at the end.</summary>
public sealed record BoundaryPoint(string Name, double Width, int ImageSize, int BatchSize, int Steps, string Dataset, HeadConfig Heads,
    int NumHeads)
{
    public string Description =>
        $"LEWEL_B, ResNet-18 ×{Width:0.####}, {ImageSize} px, batch {BatchSize}, heads {Heads.ProjectorHidden}/{Heads.Dim}/{Heads.PredictorHidden}, M = {NumHeads}, `{Dataset}`";

    public RunConfig Config(int threads)
    {
        var preset = Presets.For(MethodIds.LewelB, Presets.Small);
        return preset with
        {
            Name = $"process-boundary {Name}",
            Width = Width,
            ImageSize = ImageSize,
            BatchSize = BatchSize,
            Dataset = Dataset,
            Device = "cpu",
            Threads = threads,
            Steps = Steps,
            Epochs = null,
            Heads = Heads,
            Lewel = preset.Lewel with { NumHeads = NumHeads },
            Monitor = new MonitorConfig { KnnEveryEpochs = 0, SnapshotEverySteps = 0, CheckpointEverySteps = 0 },
            Schedule = preset.Schedule with { WarmupEpochs = 0 }, // the run is shorter than the preset's warm-up
        };
    }
}

/// <summary>One timed run. <see cref="StartToFirstStepSeconds"/>: from the start as its caller saw it (for
/// <see cref="ProcessBoundaryBenchmark.InProcess"/> the start of the fresh process, for
/// <see cref="ProcessBoundaryBenchmark.Child"/> the call of <c>JobSupervisor.RunAsync</c>) to the arrival of step 1;
/// <see cref="CallToFirstStepSeconds"/> (in-process only): from the call of <c>PretrainRunner.Run</c>;
/// <see cref="WarmCallToFirstStepSeconds"/> (in-process only): the same for a second run in the same process.
/// <see cref="LoadAverage"/> is the 1-minute load average before the run (it still holds the previous runs);
/// <see cref="OtherCoresBefore"/> the cores other work kept busy in the 3 s before it, <see cref="OtherCoresDuring"/>
/// during it, <see cref="BusyCoresDuring"/> all busy cores during it (the run's own included). <see cref="Retaken"/>:
/// other work disturbed this run, and it was timed again (it counts in no median).</summary>
public sealed record BoundaryRun(string Point, string Side, int Order, double LoadAverage, double OtherCoresBefore, double BusyCoresDuring,
    double OtherCoresDuring, double StartToFirstStepSeconds, double? CallToFirstStepSeconds, double? WarmCallToFirstStepSeconds,
    double StepsPerSecond, double TotalSeconds, int Steps, double FinalLoss, bool Retaken = false)
{
    public static BoundaryRun From(string point, string side, int order, double load, double othersBefore, double busyDuring,
        double othersDuring, BoundaryTimes t) =>
        new(point, side, order, load, othersBefore, busyDuring, othersDuring, StepArrivals.ToFirstStep(t.StartedAt, t.Steps),
            t.CalledAt is { } called ? StepArrivals.ToFirstStep(called, t.Steps) : null, t.WarmCallToFirstStepSeconds,
            StepArrivals.StepsPerSecond(t.Steps), (t.EndedAt - t.StartedAt).TotalSeconds, t.Steps.Max(s => s.Step),
            t.Steps.MaxBy(s => s.Step)!.Loss);
}

/// <summary>Child / in-process for one pair of neighbouring runs: start to the first step, time per step, the whole run.</summary>
public sealed record PairRatios(double Start, double StepTime, double Total);

/// <summary>Medians over the repetitions of each side, and the ratios child / in-process (above 1: the child is slower).</summary>
public sealed record BoundarySummary(string Point, string Description, int Steps, int Repetitions,
    double InProcessStartSeconds, double InProcessCallSeconds, double InProcessWarmCallSeconds, double ChildStartSeconds,
    double InProcessStepsPerSecond, double ChildStepsPerSecond, double InProcessTotalSeconds, double ChildTotalSeconds,
    double InProcessFinalLoss, double ChildFinalLoss)
{
    public double StartRatio => ChildStartSeconds / InProcessStartSeconds;

    /// <summary>Time per step through the child over time per step in-process, steps 11 … N.</summary>
    public double StepTimeRatio => InProcessStepsPerSecond / ChildStepsPerSecond;

    public double TotalRatio => ChildTotalSeconds / InProcessTotalSeconds;
}

/// <param name="WireMicrosecondsPerStep">CPU time of encoding and decoding one step's event (<see cref="WireCost"/>).</param>
/// <param name="QuietCores">Each run waited until other work kept fewer cores busy, and was timed again when other work
/// kept as many busy during it; null: run with <c>--no-quiet-wait</c>, however busy the machine was.</param>
public sealed record ProcessBoundaryResults(int Threads, int Repetitions, int WarmupSteps, double? QuietCores, double LoadAverageAtStart,
    IReadOnlyList<BoundarySummary> Summaries, IReadOnlyList<BoundaryRun> Runs, double? WireMicrosecondsPerStep = null);
