using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>Reads the metadata of a checkpoint; one written before official MoCo v2 existed is read as it ran, its
    /// "mocov2" as "mocov2plus" in both the config and <see cref="MethodId"/> (<see cref="StoredConfigCompatibility"/>).</summary>
    /// <exception cref="JsonException">The JSON is not valid metadata.</exception>
    public static CheckpointMetadata? FromJson(string json)
    {
        var node = JsonNode.Parse(json);
        var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(node, RunConfig.Json);
        if (metadata is null || node is not JsonObject root) return metadata;
        var config = root.FirstOrDefault(p => string.Equals(p.Key, "config", StringComparison.OrdinalIgnoreCase)).Value as JsonObject;
        if (config is null || !StoredConfigCompatibility.Upgrade(config)) return metadata;
        return metadata with
        {
            Config = JsonSerializer.Deserialize<RunConfig>(config, RunConfig.Json) ?? metadata.Config,
            MethodId = metadata.MethodId == MethodIds.MocoV2 ? MethodIds.MocoV2Plus : metadata.MethodId,
        };
    }
}
