using Lewel.Engine.Config;

namespace Lewel.Engine.Checkpoints;

/// <summary>Where a run stood when a checkpoint was written (the JSON part of the file). <see cref="Step"/> optimiser
/// steps are complete; the next step to run is batch <see cref="BatchInEpoch"/> of epoch <see cref="Epoch"/>.</summary>
public sealed record CheckpointMetadata
{
    public required int Step { get; init; }
    public required int Epoch { get; init; }
    public required int BatchInEpoch { get; init; }
    public required int TotalSteps { get; init; }
    public required int StepsPerEpoch { get; init; }
    public required string MethodId { get; init; }
    public required string MethodDescription { get; init; }
    /// <summary>Name of the optimiser whose state is stored (lars, sgd); a resume with another optimiser is refused.</summary>
    public required string Optimizer { get; init; }
    /// <summary>Sum and count of the losses of the current epoch so far, so that the epoch mean survives a resume.</summary>
    public double EpochLossSum { get; init; }
    public int EpochLossCount { get; init; }
    /// <summary>The loss of step 1, the reference for the early-collapse check.</summary>
    public double? FirstLoss { get; init; }
    /// <summary>The embedding std of the first health report, the reference for the collapse check.</summary>
    public double? FirstEmbeddingStd { get; init; }
    /// <summary>The loss of step <see cref="Step"/>.</summary>
    public double? LastLoss { get; init; }
    /// <summary>Written at the end of a run (finished or cancelled); kept when older checkpoints are pruned.</summary>
    public bool Final { get; init; }
    public DateTimeOffset WrittenAt { get; init; } = DateTimeOffset.UtcNow;
    public required RunConfig Config { get; init; }
}
