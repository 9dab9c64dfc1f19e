using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Training;

/// <summary>Runs pretraining into a run directory (see <see cref="RunDirectory"/>), starting fresh or resuming from the
/// newest readable checkpoint there. The loop itself is <see cref="TrainingSession"/>.</summary>
public sealed class Trainer(TrainingParts parts)
{
    /// <summary>Compute on this device instead of the configuration's (a supervisor that narrowed the visible GPUs);
    /// config.json keeps the configured device.</summary>
    public string? DeviceOverride { get; init; }

    /// <summary>A fresh run resolves and validates <paramref name="requested"/> (throwing <see cref="ConfigException"/>
    /// before any work) and writes it as <c>config.json</c>. When the directory holds checkpoints, the run continues from
    /// the newest readable one with the saved configuration, and <paramref name="requested"/> is ignored.</summary>
    public TrainingResult Run(RunConfig requested, string runDir, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var run = new RunDirectory(runDir);
        var resuming = run.Checkpoints.List().Count > 0;
        var config = resuming ? SavedConfig(run) : parts.ResolveConfig(requested);
        if (!resuming || !run.HasConfig) run.WriteConfig(config);
        if (DeviceOverride is { } device) config = config with { Device = device };
        using var session = new TrainingSession(parts, config, run, observer, resuming, cancellationToken);
        return session.Run();
    }

    /// <summary>The configuration of a run being resumed: config.json, or else the one stored in its newest readable
    /// checkpoint.</summary>
    public static RunConfig SavedConfig(RunDirectory run)
    {
        if (run.HasConfig) return run.ReadConfig();
        CheckpointException? last = null;
        foreach (var path in run.Checkpoints.List())
        {
            try { return TrainingCheckpoint.ReadMetadata(path).Config; }
            catch (CheckpointException e) { last = e; }
        }
        throw new ConfigException([new ConfigError("", $"{run.Root} has no {RunDirectory.ConfigFile} and no readable checkpoint to take the configuration from" +
                                                       (last is null ? "" : $" ({last.Message})"))]);
    }
}
