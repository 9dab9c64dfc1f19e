using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Losses;

/// <summary>MoCo's InfoNCE with a queue of negatives (solo-learn <c>mocov2plus_loss_func</c>; lewel-method.md §5):
/// logits = [q·k⁺ | q·Q] / τ, cross-entropy with the positive at index 0, averaged over rows.</summary>
public static class InfoNce
{
    /// <param name="query">[R, D], ℓ2-normalised, carries the graph.</param>
    /// <param name="key">[R, D], ℓ2-normalised positives (detached here).</param>
    /// <param name="negatives">[D, Q], ℓ2-normalised columns.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Loss(Tensor query, Tensor key, Tensor negatives, double temperature)
    {
        Validate(query, key, negatives, temperature);
        var positive = (query * key.detach()).sum(1, keepdim: true);     // [R, 1]
        var negative = query.mm(negatives.detach());                      // [R, Q]
        var logits = cat([positive, negative], 1) / temperature;
        var labels = zeros(query.shape[0], dtype: ScalarType.Int64, device: query.device);
        return nn.functional.cross_entropy(logits, labels);
    }

    internal static void Validate(Tensor query, Tensor key, Tensor negatives, double temperature)
    {
        if (!(temperature > 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the InfoNCE temperature must be positive");
        if (query.dim() != 2 || !query.shape.SequenceEqual(key.shape) || negatives.dim() != 2 || negatives.shape[0] != query.shape[1])
            throw new ArgumentException($"InfoNCE expects query and key [R, D] and negatives [D, Q], got [{string.Join(", ", query.shape)}], [{string.Join(", ", key.shape)}], [{string.Join(", ", negatives.shape)}]");
    }
}
