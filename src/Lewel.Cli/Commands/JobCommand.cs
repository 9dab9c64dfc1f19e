using System.CommandLine;
using Lewel.Cli.Jobs;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Hosting;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel job --spec FILE</c>: the process a supervisor (the studio, a worker) starts for each run, so that a
/// native crash or a hang ends this process and never the supervisor. It streams events as <see cref="JobWire"/> lines
/// on stdout, takes <c>stop</c> on stdin, and exits at once when stdin closes. Exit codes: 0 finished, 1 failed,
/// 2 invalid spec or configuration, 130 cancelled, 75 supervisor gone.</summary>
public static class JobCommand
{
    public const int Finished = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
    public const int Cancelled = 130;

    /// <summary>How long a child waits for a run directory that another process still holds.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var specOption = new Option<string>("--spec") { Description = "The job spec (JSON) the supervisor wrote", Required = true };
        var command = new Command("job", "Run one job under a supervisor: events as JSON lines on stdout, 'stop' on stdin") { Hidden = true };
        command.Options.Add(specOption);
        command.SetAction(parse => Run(parse.GetValue(specOption)!));
        return command;
    }

    private static int Run(string specPath)
    {
        JobSpec spec;
        try
        {
            spec = JobSpec.FromJson(File.ReadAllText(specPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"lewel job: cannot read the spec {specPath}: {e.Message}");
            return Invalid;
        }

        // The protocol owns the real stdout; anything managed code prints goes to stderr instead of into the stream.
        var wire = new WireObserver(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false });
        Console.SetOut(Console.Error);
        using var link = new SupervisorLink(Console.In);
        JobResult result;
        var exit = Failed;
        try
        {
            result = Execute(spec, wire, link.StopRequested);
            exit = result.Outcome switch { TrainingOutcome.Finished => Finished, TrainingOutcome.Cancelled => Cancelled, _ => Failed };
        }
        catch (ConfigException e)
        {
            result = new JobResult(TrainingOutcome.Failed, 0, e.Message);
            exit = Invalid;
        }
        catch (OperationCanceledException) when (link.StopRequested.IsCancellationRequested)
        {
            result = new JobResult(TrainingOutcome.Cancelled, 0, null);
            exit = Cancelled;
        }
        catch (Exception e)
        {
            result = new JobResult(TrainingOutcome.Failed, 0, Describe(e));
            Console.Error.WriteLine(e);
        }
        wire.Result(result);
        return exit;
    }

    private static JobResult Execute(JobSpec spec, WireObserver wire, CancellationToken stop)
    {
        TorchRuntime.EnsureLoaded();
        if (spec.Pretrain is { } pretrain)
        {
            using var runLock = RunDirectoryLock.Acquire(pretrain.RunDir, LockWait);
            return PretrainJobRunner.Run(spec, pretrain, wire, stop);
        }
        if (spec.Evaluate is { } evaluate) return EvaluateJobRunner.Run(spec, evaluate, wire, stop);
        return InspectJobRunner.Run(spec, spec.Inspect!);
    }

    /// <summary>The reason a user reads: our own exceptions say it in words; anything else also names its type.</summary>
    public static string Describe(Exception e) => e switch
    {
        ConfigException or DatasetException or DeviceUnavailableException or TorchUnavailableException or CheckpointException
            or InvalidDataException or FileNotFoundException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
