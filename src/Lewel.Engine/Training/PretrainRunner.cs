using Lewel.Engine.Config;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Training;

public enum TrainingOutcome { Finished, Cancelled, Failed }

/// <summary>How a call to <see cref="PretrainRunner.Run(RunConfig, string, ITrainingObserver, CancellationToken)"/>
/// ended, at which step, and why when it failed.</summary>
public sealed record TrainingResult(TrainingOutcome Outcome, int Step, string? Error);

/// <summary>The one entry point the CLI and the web jobs use to pretrain.</summary>
public static class PretrainRunner
{
    /// <summary>Trains <paramref name="config"/> into <paramref name="runDir"/> (config.json, metrics.jsonl,
    /// checkpoints/, maps/, summary.json). When the directory already holds a checkpoint, continues from the latest one
    /// (and ignores <paramref name="config"/> in favour of the saved config.json). Cancellation is honoured within one
    /// step and writes a final checkpoint. Throws <see cref="ConfigException"/> for an invalid config before any work.</summary>
    public static TrainingResult Run(RunConfig config, string runDir, ITrainingObserver observer, CancellationToken cancellationToken)
        => Run(config, runDir, observer, cancellationToken, new PretrainOptions());

    /// <summary>As above, with host settings such as the data-set cache folder and epoch evaluators.</summary>
    public static TrainingResult Run(RunConfig config, string runDir, ITrainingObserver observer, CancellationToken cancellationToken,
        PretrainOptions options)
        => new Trainer(StandardParts.Create(options)) { DeviceOverride = options.Device }.Run(config, runDir, observer, cancellationToken);
}
