using static TorchSharp.torch;

namespace Lewel.Engine.Losses;

/// <summary>How LEWEL plugs a base loss in (lewel-method.md §4.2, §5): aligned embeddings become B·N rows matched by
/// (image, slot), and the global and aligned terms are mixed with α on the GLOBAL term (§10.11).</summary>
public static class LewelLoss
{
    /// <summary>[B, K, N] → [B·N, K]; row b·N + j is slot j of image b.</summary>
    public static Tensor Rows(Tensor aligned)
    {
        if (aligned.dim() != 3)
            throw new ArgumentException($"aligned embeddings must be [B, K, N], got [{string.Join(", ", aligned.shape)}]", nameof(aligned));
        return aligned.transpose(1, 2).reshape(-1, aligned.shape[1]);
    }

    /// <summary>L = α·L_g + (1 − α)·L_a.</summary>
    public static Tensor Mix(Tensor global, Tensor aligned, double alpha) => alpha * global + (1 - alpha) * aligned;
}
