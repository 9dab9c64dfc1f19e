using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Losses;

/// <summary>BYOL's regression loss: ℓ(P, T) = 2 − (2/R)·Σ_r ⟨P̂_r, T̂_r⟩, the mean over rows of 2 − 2·cos
/// (lewel-method.md §4.2). 0 when aligned, 2 when orthogonal, 4 when opposite.</summary>
public static class NormalizedMse
{
    /// <param name="prediction">[R, D], carries the graph.</param>
    /// <param name="target">[R, D], detached here (stop-gradient).</param>
    /// <returns>A scalar.</returns>
    public static Tensor Loss(Tensor prediction, Tensor target)
    {
        if (prediction.dim() != 2 || !prediction.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"NormalizedMse expects two [R, D] tensors of one shape, got [{string.Join(", ", prediction.shape)}] and [{string.Join(", ", target.shape)}]");
        var p = nn.functional.normalize(prediction, p: 2, dim: 1);
        var t = nn.functional.normalize(target.detach(), p: 2, dim: 1);
        return 2 - 2 * (p * t).sum(1).mean();
    }
}
