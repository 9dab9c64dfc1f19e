using System.Globalization;
using System.Text.Json;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Hosting;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lewel.Bench.Engine;

/// <summary>One pretraining run as its caller saw it. <see cref="StartedAt"/>: when the caller started it (the process
/// start for a run in a fresh process); <see cref="CalledAt"/>: when <c>PretrainRunner.Run</c> was called, for a run
/// in this program's own process; <see cref="EndedAt"/>: when the caller had the run back (the call returned and the run
/// directory was closed; for a child, the process had exited). All UTC, so that times taken in two processes compare.</summary>
public sealed record BoundaryTimes(DateTimeOffset StartedAt, DateTimeOffset? CalledAt, IReadOnlyList<StepArrival> Steps,
    DateTimeOffset EndedAt, double? WarmCallToFirstStepSeconds = null);

/// <summary>A run in a process of its own without a process boundary: a fresh child of this program (the
/// <c>boundary-in-process</c> command) calls <see cref="PretrainRunner"/> itself and does what <c>lewel job</c> does for
/// a pretraining spec (the run directory's files, the kNN monitor as configured) except for writing the events to a
/// pipe. Both sides of the comparison thus start .NET and load libtorch in a fresh process.</summary>
public static class InProcessRun
{
    public const string CommandName = "boundary-in-process";

    /// <param name="warmSteps">After the measured run, time the start of a second run of this many steps in the same
    /// process (libtorch loaded, code compiled: what a host that trains in its own process pays for every run but its
    /// first); 0 leaves it out.</param>
    public static BoundaryTimes Measure(string configPath, string runDir, string cacheDir, int warmSteps, TimeSpan timeout)
    {
        var started = DateTimeOffset.UtcNow;
        var line = ChildProcess.RunLastLine(
            [CommandName, "--config", configPath, "--run-dir", runDir, "--cache", cacheDir, "--warm-steps", warmSteps.ToString(CultureInfo.InvariantCulture)],
            timeout, $"the in-process run of {configPath}");
        var times = JsonSerializer.Deserialize<InProcessTimes>(line, ResultsFile.CompactJson)
                    ?? throw new InvalidDataException($"the in-process run printed no times: {line}");
        return new BoundaryTimes(started, times.CalledAt, times.Steps, times.ReturnedAt, times.WarmCallToFirstStepSeconds);
    }

    /// <summary><c>boundary-in-process --config FILE --run-dir DIR --cache DIR --warm-steps N</c>: runs the configuration
    /// and prints its times as one JSON line.</summary>
    public static int Command(string[] argv)
    {
        var a = ChildArguments.Parse(CommandName, argv);
        var config = RunConfig.FromJson(File.ReadAllText(a.Get("config")));
        var runDir = a.Get("run-dir");
        var cache = a.Get("cache");
        var measured = Run(config, runDir, cache);
        double? warm = null;
        if (a.Int("warm-steps") is > 0 and var warmSteps)
        {
            var second = Run(config with { Steps = warmSteps }, runDir + "-warm", cache);
            warm = StepArrivals.ToFirstStep(second.CalledAt, second.Steps);
        }
        Console.WriteLine(JsonSerializer.Serialize(measured with { WarmCallToFirstStepSeconds = warm }, ResultsFile.CompactJson));
        return 0;
    }

    /// <summary>What <c>lewel job</c> runs for a pretraining spec (Lewel.Cli's PretrainJobRunner) with the timing observer
    /// in place of the wire.</summary>
    private static InProcessTimes Run(RunConfig config, string runDir, string cacheDir)
    {
        var arrivals = new ArrivalObserver();
        var called = DateTimeOffset.UtcNow;
        TrainingResult result;
        using (var files = new RunDirectoryWriter(runDir))
        {
            var options = new PretrainOptions { DatasetCacheDir = cacheDir, EpochEvaluators = [new KnnEpochEvaluator()] };
            result = PretrainRunner.Run(config, runDir, new ObserverGroup(files, arrivals), CancellationToken.None, options);
        }
        var returned = DateTimeOffset.UtcNow;
        if (result.Outcome != TrainingOutcome.Finished)
            throw new InvalidOperationException($"the in-process run ended {result.Outcome} at step {result.Step}: {result.Error}");
        return new InProcessTimes(called, arrivals.Steps, returned, null);
    }
}

/// <summary>What the <c>boundary-in-process</c> child prints.</summary>
public sealed record InProcessTimes(DateTimeOffset CalledAt, IReadOnlyList<StepArrival> Steps, DateTimeOffset ReturnedAt,
    double? WarmCallToFirstStepSeconds);

/// <summary>A run through the process boundary: the studio's own <see cref="JobSupervisor"/>, called from this process as
/// the web job calls it, writes the spec, starts <c>dotnet lewel.dll job</c> and decodes its stdout into events.</summary>
public static class SupervisedRun
{
    public static async Task<BoundaryTimes> MeasureAsync(RunConfig config, string runDir, string cacheDir, TimeSpan timeout)
    {
        var supervisor = new JobSupervisor(new JobsOptions(), new RunProcessRegistry(), TimeProvider.System, NullLogger<JobSupervisor>.Instance);
        var spec = new JobSpec
        {
            RunId = 1,
            DatasetCacheDir = cacheDir,
            Pretrain = new PretrainJobSpec(runDir, config.ToJson()) { KnnMonitor = true },
        };
        var arrivals = new ArrivalObserver();
        var errors = new List<string>();
        using var limit = new CancellationTokenSource(timeout);
        var started = DateTimeOffset.UtcNow;
        var supervised = await supervisor.RunAsync(new JobLaunch(1, spec, runDir, "training"), e =>
        {
            arrivals.OnEvent(e);
            if (e is LogMessage { Level: "error" } log) lock (errors) errors.Add(log.Text);
        }, limit.Token);
        var ended = DateTimeOffset.UtcNow;
        if (supervised.Result.Outcome != TrainingOutcome.Finished)
            throw new InvalidOperationException($"the supervised run ended {supervised.Result.Outcome} at step {supervised.Result.Step}: " +
                                                $"{supervised.Result.Error}\n{string.Join('\n', errors)}");
        return new BoundaryTimes(started, null, arrivals.Steps, ended);
    }
}

/// <summary>Notes when each step's event reached the caller.</summary>
internal sealed class ArrivalObserver : ITrainingObserver
{
    private readonly List<StepArrival> steps = [];

    public IReadOnlyList<StepArrival> Steps
    {
        get { lock (steps) return [.. steps]; }
    }

    public void OnEvent(TrainingEvent e)
    {
        if (e is not StepCompleted step) return;
        var at = DateTimeOffset.UtcNow;
        lock (steps) steps.Add(new StepArrival(step.Step, at, step.Loss));
    }
}
