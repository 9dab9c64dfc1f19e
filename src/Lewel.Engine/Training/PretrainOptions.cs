namespace Lewel.Engine.Training;

/// <summary>Host-level settings of a pretraining call that are not part of the run's configuration.</summary>
public sealed record PretrainOptions
{
    /// <summary>Where generated data sets (<c>shapes</c>) are cached between runs; null generates them every time.
    /// The CLI and the web app pass <c>{DataDir}/datasets</c>.</summary>
    public string? DatasetCacheDir { get; init; }

    /// <summary>The folders path-based data sets may be read from; null reads from anywhere.</summary>
    public Data.DataRoots? DataRoots { get; init; }

    /// <summary>Monitors run at the end of every epoch. By default the online kNN monitor, which itself follows
    /// <c>monitor.knnEveryEpochs</c> (0 turns it off).</summary>
    public IReadOnlyList<IEpochEvaluator> EpochEvaluators { get; init; } = [new Evaluation.KnnEpochEvaluator()];

    /// <summary>Compute on this device instead of the one the configuration names (null: the configuration's).</summary>
    public string? Device { get; init; }
}
