using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>The pieces a run is assembled from. <see cref="PretrainRunner"/> supplies the real ones; tests swap single
/// pieces (a tiny method, an in-memory data set) without changing the loop.</summary>
public sealed record TrainingParts
{
    /// <summary>Preset → user fields → validation. Throws <see cref="ConfigException"/> naming every bad field.</summary>
    public required Func<RunConfig, RunConfig> ResolveConfig { get; init; }

    public required Func<RunConfig, DatasetSplits> OpenDataset { get; init; }

    public required Func<RunConfig, Device, IPretrainMethod> CreateMethod { get; init; }

    /// <summary>Builds the batch source for the training split.</summary>
    public required Func<RunConfig, DatasetSplits, Device, ITrainingBatchSource> CreateBatches { get; init; }

    /// <summary>The optimiser over <see cref="IPretrainMethod.TrainableParameters"/>; its learning rate is set by the
    /// trainer before every step.</summary>
    public required Func<RunConfig, IPretrainMethod, IPretrainOptimizer> CreateOptimizer { get; init; }

    /// <summary>Learning rate at 0-based iteration t, given (config, steps per epoch, total steps).</summary>
    public required Func<RunConfig, int, int, Func<int, double>> LearningRateSchedule { get; init; }

    /// <summary>Target momentum at 0-based iteration t, given (config, steps per epoch, total steps).</summary>
    public required Func<RunConfig, int, int, Func<int, double>> MomentumSchedule { get; init; }

    /// <summary>The probe images of the map snapshots (test split, <c>monitor.probeIndices</c>).</summary>
    public required Func<RunConfig, DatasetSplits, Device, IReadOnlyList<ProbeImage>> CreateProbes { get; init; }

    /// <summary>Monitors run at the end of every epoch (the kNN monitor lives here).</summary>
    public IReadOnlyList<IEpochEvaluator> EpochEvaluators { get; init; } = [];
}
