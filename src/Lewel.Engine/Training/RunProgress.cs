using Lewel.Engine.Checkpoints;

namespace Lewel.Engine.Training;

/// <summary>The loop's counters: completed steps and the running loss statistics that a checkpoint carries over.</summary>
internal sealed class RunProgress
{
    public int Step { get; set; }
    public double EpochLossSum { get; private set; }
    public int EpochLossCount { get; private set; }
    public double? FirstLoss { get; private set; }
    public double? LastLoss { get; private set; }
    public double? FirstEmbeddingStd { get; private set; }

    public double EpochMeanLoss => EpochLossCount == 0 ? double.NaN : EpochLossSum / EpochLossCount;

    public void Record(double loss)
    {
        EpochLossSum += loss;
        EpochLossCount++;
        FirstLoss ??= loss;
        LastLoss = loss;
    }

    public void RecordEmbeddingStd(double std) => FirstEmbeddingStd ??= std;

    public void StartEpoch()
    {
        EpochLossSum = 0;
        EpochLossCount = 0;
    }

    public static RunProgress From(CheckpointMetadata metadata) => new()
    {
        Step = metadata.Step,
        EpochLossSum = metadata.EpochLossSum,
        EpochLossCount = metadata.EpochLossCount,
        FirstLoss = metadata.FirstLoss,
        LastLoss = metadata.LastLoss,
        FirstEmbeddingStd = metadata.FirstEmbeddingStd,
    };
}
