using Lewel.Engine.Models.Heads;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Necks;

/// <summary>The LEWEL neck (official <c>ObjectNeck</c>), exactly lewel-method.md §3: the shared projector g
/// (<c>proj</c>) runs once over [pooled | pixels]; the pixel outputs are ℓ2-normalised over channels, divided by s and
/// softmaxed over positions into K alignment maps; M contiguous groups of maps pool M contiguous groups of the raw
/// backbone channels into N = K/M aligned vectors, which the second projector p (<c>proj_obj</c>) embeds.</summary>
public sealed class LewelNeck : nn.Module<Tensor, LewelNeckOutput>
{
    private readonly Mlp1d proj;
    private readonly Mlp1d proj_obj;

    public int InChannels { get; }
    /// <summary>K, the projector output dimension and the number of alignment maps.</summary>
    public int Dim { get; }
    /// <summary>M, the number of channel groups ("num_heads").</summary>
    public int NumHeads { get; }
    /// <summary>N = K/M, the number of aligned embeddings per view.</summary>
    public int NumAligned => Dim / NumHeads;
    /// <summary>s: divides the normalised logits before the softmax.</summary>
    public double Scale { get; }

    /// <summary>g, shared by the pooled vector and the pixels.</summary>
    internal Mlp1d Projector => proj;
    /// <summary>p, applied to the aggregated vectors.</summary>
    internal Mlp1d AlignedProjector => proj_obj;

    public LewelNeck(int inChannels, int hiddenChannels, int dim, int numHeads, double scale = 1.0) : base(nameof(LewelNeck))
    {
        if (numHeads <= 0 || dim % numHeads != 0)
            throw new ArgumentException($"numHeads (M = {numHeads}) must be positive and divide the projector dim (K = {dim})", nameof(numHeads));
        if (inChannels % numHeads != 0)
            throw new ArgumentException($"numHeads (M = {numHeads}) must divide the backbone channels (C = {inChannels})", nameof(numHeads));
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the map scale s must be a positive number");
        InChannels = inChannels;
        Dim = dim;
        NumHeads = numHeads;
        Scale = scale;
        proj = new Mlp1d(inChannels, hiddenChannels, dim);
        proj_obj = new Mlp1d(inChannels, hiddenChannels, dim);
        RegisterComponents();
    }

    /// <param name="features">The backbone map X, [B, C, H, W].</param>
    public override LewelNeckOutput forward(Tensor features) => Forward(features, features);

    /// <summary>The forward pass with the input of g (<paramref name="mapInput"/>) and the aggregated values
    /// (<paramref name="valueInput"/>) given separately; <see cref="forward"/> passes X for both. Lets a test follow the
    /// gradient through each path.</summary>
    internal LewelNeckOutput Forward(Tensor mapInput, Tensor valueInput)
    {
        if (mapInput.dim() != 4 || mapInput.shape[1] != InChannels)
            throw new ArgumentException($"LewelNeck expects [B, {InChannels}, H, W], got [{string.Join(", ", mapInput.shape)}]", nameof(mapInput));
        using var scope = NewDisposeScope();
        var positions = mapInput.shape[2] * mapInput.shape[3];

        var pixels = mapInput.flatten(2);                                   // [B, C, P]
        var pooled = pixels.mean([2], keepdim: true);                       // [B, C, 1]
        var projected = proj.call(cat([pooled, pixels], 2));                // [B, K, 1+P], one call: §10.2
        var global = projected.select(2, 0);                                // [B, K]
        var maps = AlignmentMaps(projected.narrow(2, 1, positions), Scale); // [B, K, P]

        var values = Aggregate(valueInput.flatten(2), maps, NumHeads);      // [B, C, N]
        var aligned = proj_obj.call(values);                                // [B, K, N]
        return new LewelNeckOutput(global.MoveToOuterDisposeScope(), aligned.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope());
    }

    /// <summary>ℓ2-normalise each pixel's K-vector (dim 1), divide by s, softmax over the P positions (dim 2)
    /// (§3 steps 5–7, §10.1).</summary>
    /// <param name="logits">[B, K, P]</param>
    /// <returns>[B, K, P], each map summing to 1 over P.</returns>
    public static Tensor AlignmentMaps(Tensor logits, double scale) =>
        nn.functional.softmax(nn.functional.normalize(logits, p: 2, dim: 1, eps: 1e-12) / scale, dim: 2);

    /// <summary>V[b, m·C/M + i, j] = Σ_p X[b, m·C/M + i, p] · A[b, m·N + j, p]: map group m pools channel group m, both
    /// contiguous (§3 steps 8–11, §10.3–10.4), as one batched matmul over (B, M).</summary>
    /// <param name="values">The raw backbone features X, [B, C, P].</param>
    /// <param name="maps">A, [B, K, P].</param>
    /// <returns>[B, C, N] with N = K/M.</returns>
    public static Tensor Aggregate(Tensor values, Tensor maps, int groups)
    {
        long batch = values.shape[0], channels = values.shape[1], positions = values.shape[2], dim = maps.shape[1];
        var groupedValues = values.reshape(batch, groups, channels / groups, positions);   // [B, M, C/M, P]
        var groupedMaps = maps.reshape(batch, groups, dim / groups, positions);            // [B, M, N, P]
        return groupedValues.matmul(groupedMaps.transpose(2, 3))                           // [B, M, C/M, N]
            .reshape(batch, channels, dim / groups);
    }
}
