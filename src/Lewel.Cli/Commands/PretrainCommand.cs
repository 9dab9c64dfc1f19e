using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;
using Lewel.Engine.Settings;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel pretrain</c>: trains a method into a run directory, or continues one with <c>--resume</c>.
/// Exit codes: 0 finished, 1 failed, 2 invalid configuration or arguments (nothing was run), 130 cancelled.</summary>
public static class PretrainCommand
{
    public const int Finished = 0;
    public const int Failed = 1;
    public const int InvalidConfiguration = 2;
    public const int Cancelled = 130;

    public static Command Create(LewelSettings settings)
    {
        var method = new Option<string?>("--method") { Description = $"Method: {string.Join(", ", MethodIds.All)} (default lewel-b)" };
        var shared = new RunConfigOptions(settings, "the run");
        var seed = new Option<long?>("--seed") { Description = "Seed of every random draw" };
        var output = new Option<string?>("--out") { Description = "Run directory to create (config.json, metrics.jsonl, checkpoints/, maps/, summary.json)" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory from its newest readable checkpoint" };

        var command = new Command("pretrain", "Pretrain BYOL, LEWEL_B, MoCo v2 (official), MoCo V2+ or LEWEL_M into a run directory, or resume one");
        foreach (var option in (Option[])[method, .. shared.All, seed, output, resume])
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var flags = shared.Flags(parse);
            if (parse.GetResult(method) is not null) flags.Insert(0, ("method", JsonValue.Create(parse.GetValue(method))));
            if (parse.GetResult(seed) is not null) flags.Add(("seed", JsonValue.Create(parse.GetValue(seed))));
            var request = new Request(flags, parse.GetValue(shared.Set) ?? [], parse.GetValue(shared.Config), parse.GetValue(output), parse.GetValue(resume));
            return Run(settings, request);
        });
        return command;
    }

    private sealed record Request(List<(string Path, JsonNode? Value)> Flags, string[] Assignments, string? ConfigFile, string? Out, string? Resume);

    private static int Run(LewelSettings settings, Request request)
    {
        RunConfig config;
        string runDir;
        try
        {
            (config, runDir) = request.Resume is null ? NewRun(settings, request) : ResumedRun(request);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            return InvalidConfiguration;
        }

        using var cancellation = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, cancellation));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Jobs.ImmediateExit.Now(143));
        Jobs.RunDirectoryLock runLock;
        try
        {
            runLock = Jobs.RunDirectoryLock.Acquire(runDir, TimeSpan.Zero);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return Failed;
        }
        using var heldLock = runLock;
        using var writer = new RunDirectoryWriter(runDir);
        var progress = new PretrainProgress(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
        try
        {
            var options = new PretrainOptions { DatasetCacheDir = Path.Combine(settings.ResolvedDataDir, "datasets"), DataRoots = settings.CreateDataRoots() };
            var result = PretrainRunner.Run(config, runDir, new ObserverGroup(writer, progress), cancellation.Token, options);
            return result.Outcome switch
            {
                TrainingOutcome.Finished => Finished,
                TrainingOutcome.Cancelled => Cancelled,
                _ => Failed,
            };
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            return InvalidConfiguration;
        }
    }

    private static (RunConfig, string) NewRun(LewelSettings settings, Request request)
    {
        if (request.Out is null)
            throw new ConfigException([new ConfigError("", "--out is required: the run directory to create (or use --resume DIR to continue a run)")]);
        if (new RunDirectory(request.Out).Checkpoints.List().Count > 0)
            throw new ConfigException([new ConfigError("", $"{request.Out} already holds a run with checkpoints: continue it with --resume {request.Out}, or choose another --out")]);
        var user = ConfigArguments.Build(request.ConfigFile, request.Flags, request.Assignments);
        if (!user.Any(p => string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase)))
            user["device"] = settings.Device;
        var config = RunConfigMerger.Resolve(user.ToJsonString());
        var check = RunConfigValidator.Check(config);
        var errors = check.Errors.ToList();
        if (DatasetCatalog.SpecError(config.Dataset, settings.CreateDataRoots()) is { } datasetError) errors.Add(new ConfigError("dataset", datasetError));
        if (errors.Count == 0 && config.Device == "cpu" && DeviceMemory.TotalBytes("cpu") is { } memory &&
            RunMemoryEstimator.Estimate(config).RefusalOn("cpu", memory) is { } memoryError)
            errors.Add(memoryError);
        if (errors.Count > 0) throw new ConfigException(errors);
        if (check.Warnings.Count > 0)
            Console.Error.WriteLine($"warnings: [{string.Join("; ", check.Warnings)}]");
        return (config, request.Out);
    }

    private static (RunConfig, string) ResumedRun(Request request)
    {
        if (request.Flags.Count > 0 || request.Assignments.Length > 0 || request.ConfigFile is not null || request.Out is not null)
            throw new ConfigException([new ConfigError("", "--resume continues a run with its saved configuration; leave out the other options (" +
                                                           string.Join(", ", request.Flags.Select(f => f.Path).Concat(request.Assignments.Length > 0 ? ["--set"] : [])
                                                               .Concat(request.ConfigFile is null ? [] : ["--config"]).Concat(request.Out is null ? [] : ["--out"])) + ")")]);
        var run = new RunDirectory(request.Resume!);
        if (!Directory.Exists(run.Root) || (!run.HasConfig && run.Checkpoints.List().Count == 0))
            throw new ConfigException([new ConfigError("", $"{request.Resume} is not a run directory (no {RunDirectory.ConfigFile} and no checkpoints)")]);
        return (Trainer.SavedConfig(run), run.Root);
    }

    /// <summary>The first Ctrl+C asks the run to stop after the current step and save a checkpoint; a second one ends
    /// the process at once, even inside a step that never returns (SIGTERM always does).</summary>
    private static void Interrupt(PosixSignalContext context, CancellationTokenSource cancellation)
    {
        context.Cancel = true;
        if (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopped at once; the run continues from its last checkpoint with --resume");
            Jobs.ImmediateExit.Now(Cancelled);
        }
        Console.Error.WriteLine();
        Console.Error.WriteLine("stopping after the current step and writing a checkpoint (press Ctrl+C again to quit at once)");
        cancellation.Cancel();
    }
}
