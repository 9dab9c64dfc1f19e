using System.Text.Json.Serialization;
using System.Text.Json;

namespace Lewel.Engine.Inspection;

/// <summary>What the online network computes for one image. Arrays are row-major: <see cref="AlignmentMaps"/> is
/// [K, H, W] after the spatial softmax, <see cref="AlignedEmbeddings"/> is [N, K] (one row per aligned embedding, after
/// the second projector p), <see cref="GlobalEmbedding"/> is z_g [K] before any predictor, and
/// <see cref="BackboneFeaturesPooled"/> the backbone's global average pool [C].</summary>
public sealed record MapInspection(
    float[] AlignmentMaps, int NumMaps, int MapHeight, int MapWidth,
    float[] GlobalEmbedding, float[] AlignedEmbeddings, int NumAligned,
    float[] BackboneFeaturesPooled, int NumHeads, int InputSize,
    byte[] InputRgb)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Map k (0-based) as [H·W] values.</summary>
    public ReadOnlySpan<float> Map(int k) => AlignmentMaps.AsSpan(k * MapHeight * MapWidth, MapHeight * MapWidth);

    /// <summary>The dump format of <c>lewel maps --dump</c>: snake_case keys, nested arrays.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dump
    {
        AlignmentMaps = Enumerable.Range(0, NumMaps).Select(k =>
            Enumerable.Range(0, MapHeight).Select(y => Map(k).Slice(y * MapWidth, MapWidth).ToArray()).ToArray()).ToArray(),
        GlobalEmbedding = GlobalEmbedding,
        AlignedEmbeddings = Enumerable.Range(0, NumAligned).Select(j => AlignedEmbeddings.AsSpan(j * NumMaps, NumMaps).ToArray()).ToArray(),
        BackboneFeaturesPooled = BackboneFeaturesPooled,
        NumHeads = NumHeads,
        InputSize = InputSize,
    }, Json);

    private sealed class Dump
    {
        [JsonPropertyName("alignment_maps")] public required float[][][] AlignmentMaps { get; init; }
        [JsonPropertyName("global_embedding")] public required float[] GlobalEmbedding { get; init; }
        [JsonPropertyName("aligned_embeddings")] public required float[][] AlignedEmbeddings { get; init; }
        [JsonPropertyName("backbone_features_pooled")] public required float[] BackboneFeaturesPooled { get; init; }
        [JsonPropertyName("num_heads")] public required int NumHeads { get; init; }
        [JsonPropertyName("input_size")] public required int InputSize { get; init; }
    }
}
