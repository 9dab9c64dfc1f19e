using Lewel.Engine.Data;

namespace Lewel.Engine.Evaluation;

/// <summary>The splits a protocol trains (or builds its memory bank) on and scores on, the normalisation the network
/// expects, and the data-set label for the result.</summary>
public sealed record EvaluationData(IImageDataset Train, IImageDataset Test, InputNormalization Normalization, string Dataset)
{
    public static EvaluationData From(DatasetSplits splits, string spec, InputNormalization? normalization = null) =>
        new(splits.Train, splits.Test, normalization ?? new InputNormalization(splits.Mean, splits.Std), spec);

    /// <summary>What a checkpoint is evaluated on: <paramref name="spec"/> opened with <paramref name="open"/>, and inputs
    /// normalised as the checkpoint's run was (else with that data set's own statistics). Returns the data and where the
    /// normalisation came from, for the log.</summary>
    public static (EvaluationData Data, string NormalizationOrigin) ForCheckpoint(Interop.CheckpointModel model, string spec,
        Func<string, DatasetSplits> open)
    {
        var splits = open(spec);
        var (normalization, origin) = model.ResolveNormalization(s => s == spec ? splits : open(s),
            new InputNormalization(splits.Mean, splits.Std), $"statistics of {spec}");
        return (From(splits, spec, normalization), origin);
    }

    /// <summary>The number of classes both splits share; throws when they are unlabeled or disagree.</summary>
    public int NumClasses(string protocol)
    {
        if (Train.NumClasses < 1 || Test.NumClasses < 1)
            throw new ArgumentException($"{protocol} needs class labels, but {(Train.NumClasses < 1 ? Train.Description : Test.Description)} is unlabeled");
        if (Train.NumClasses != Test.NumClasses)
            throw new ArgumentException($"{protocol}: the train split has {Train.NumClasses} classes but the test split has {Test.NumClasses}");
        return Train.NumClasses;
    }
}
