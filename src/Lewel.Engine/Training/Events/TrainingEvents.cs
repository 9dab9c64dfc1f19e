namespace Lewel.Engine.Training.Events;

/// <summary>Everything a run reports, as small immutable records. The CLI prints them and appends metrics.jsonl; the
/// web job stores and broadcasts them. Paths are relative to the run directory.</summary>
public abstract record TrainingEvent(DateTimeOffset Time);

public sealed record RunStarted(DateTimeOffset Time, string RunDir, int TotalSteps, int StepsPerEpoch, int StartStep,
    string Device, string MethodDescription) : TrainingEvent(Time)
{
    /// <summary>Files of the data set that could not be decoded and were skipped.</summary>
    public IReadOnlyList<string> SkippedDataFiles { get; init; } = [];
}

/// <summary>One optimiser step. <see cref="LossAligned"/> is null for methods without aligned embeddings.</summary>
public sealed record StepCompleted(DateTimeOffset Time, int Step, int Epoch, double Loss, double LossGlobal, double? LossAligned,
    double LearningRate, double Momentum, double ImagesPerSecond, double DataWaitSeconds, double ComputeSeconds)
    : TrainingEvent(Time);

/// <summary>SSL health: std of ℓ2-normalised embeddings (≈ 1/√d when healthy, → 0 on collapse) and the mean entropy of
/// the alignment maps divided by log P (1 = uniform).</summary>
public sealed record HealthReport(DateTimeOffset Time, int Step, double EmbeddingStd, double ExpectedStd,
    double? MapEntropyRatio, bool CollapseWarning, string? Warning) : TrainingEvent(Time);

/// <summary>Effective rank (RankMe) of the online backbone's features over the kNN monitor's bank, at each kNN monitor
/// point: between 1 and <see cref="MaxRank"/> = min(samples, dim); low on collapse.</summary>
public sealed record RankReport(DateTimeOffset Time, int Step, int Epoch, double RankMe, int MaxRank, int Samples, int Dim,
    bool LowRankWarning, string? Warning) : TrainingEvent(Time);

public sealed record EpochCompleted(DateTimeOffset Time, int Epoch, int Step, double MeanLoss) : TrainingEvent(Time);

/// <summary>A result of an evaluation protocol; <see cref="Parameters"/> says exactly how it was measured.</summary>
public sealed record EvaluationCompleted(DateTimeOffset Time, int Step, int Epoch, string Protocol,
    IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, double> Values, double WallSeconds)
    : TrainingEvent(Time);

/// <summary>Alignment maps of one probe image at one step. Crop boxes are [x0, y0, x1, y1] in original-image pixels.</summary>
public sealed record MapSnapshot(DateTimeOffset Time, int Step, int ProbeIndex, int DatasetIndex, string RawMapsPath,
    IReadOnlyList<string> HeadPngPaths, string OriginalPngPath, string View1PngPath, string View2PngPath,
    float[] View1Box, float[] View2Box, bool View1Flipped, bool View2Flipped, int NumHeads) : TrainingEvent(Time);

public sealed record CheckpointWritten(DateTimeOffset Time, int Step, string Path, long Bytes) : TrainingEvent(Time);

public sealed record LogMessage(DateTimeOffset Time, string Level, string Text) : TrainingEvent(Time);

public sealed record RunFinished(DateTimeOffset Time, int Step, double FinalLoss, double WallSeconds) : TrainingEvent(Time);

public sealed record RunCancelled(DateTimeOffset Time, int Step, string? CheckpointPath) : TrainingEvent(Time);

/// <summary>The run stopped on an error; <see cref="Step"/> is the step that failed, <see cref="LastCheckpointPath"/>
/// the last good state.</summary>
public sealed record RunFailed(DateTimeOffset Time, int Step, string Reason, string? LastCheckpointPath) : TrainingEvent(Time);
