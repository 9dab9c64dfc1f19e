using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Losses;

/// <summary>
/// <see cref="InfoNce"/> with the same value and the same gradient, for many query rows against a large queue, in
/// bounded memory. Autograd through the plain loss keeps the whole [R, 1 + Q] logit matrix (and its softmax) alive
/// until the backward pass; computed in chunks under autograd it still keeps every chunk's. Here the loss and its
/// gradient with respect to the queries are computed chunk by chunk under no_grad, with
/// dL/dq_r = (softmax(l_r)·[k⁺_r; Q] − k⁺_r) / (τ·R), and the gradient enters the graph through a surrogate
/// Σ q ⊙ g whose value is cancelled: the network above the queries gets the exact gradient, while at most one chunk
/// of logits exists at a time. Keys and queue get no gradient (stop-gradient, as in MoCo).
/// </summary>
public static class ChunkedInfoNce
{
    /// <summary>Logit elements held at once: 64 MiB of float32 (the softmax is computed in place in the same buffer).</summary>
    public const long DefaultLogitBudget = 1L << 24;

    /// <param name="query">[R, D], ℓ2-normalised, carries the graph.</param>
    /// <param name="key">[R, D], ℓ2-normalised positives.</param>
    /// <param name="negatives">[D, Q], ℓ2-normalised columns; read only during this call (it need not be a copy).</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="logitBudget">At most this many logits per chunk (at least one row per chunk).</param>
    /// <returns>A scalar equal to <see cref="InfoNce.Loss"/>, whose backward gives the same gradient to
    /// <paramref name="query"/>.</returns>
    public static Tensor Loss(Tensor query, Tensor key, Tensor negatives, double temperature, long logitBudget = DefaultLogitBudget)
    {
        InfoNce.Validate(query, key, negatives, temperature);
        if (logitBudget <= 0) throw new ArgumentOutOfRangeException(nameof(logitBudget), logitBudget, "the logit budget must be positive");
        var rows = query.shape[0];
        var chunk = Math.Max(1, logitBudget / (negatives.shape[1] + 1));
        Tensor value, gradient;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var q = query.detach();
            var k = key.detach().to(q.dtype);
            var n = negatives.detach().to(q.dtype);
            var nT = n.t();
            var sum = zeros([], dtype: q.dtype, device: q.device);
            var grad = empty_like(q);
            for (long start = 0; start < rows; start += chunk)
            {
                using var chunkScope = NewDisposeScope();
                var end = Math.Min(rows, start + chunk);
                var qc = q[TensorIndex.Slice(start, end)];
                var kc = k[TensorIndex.Slice(start, end)];
                var positive = (qc * kc).sum(1, keepdim: true).div_(temperature);     // [c, 1]
                var logits = qc.mm(n).div_(temperature);                              // [c, Q]
                var top = logits.amax([1], keepdim: true).maximum(positive);          // [c, 1]
                var positiveExp = (positive - top).exp_();
                var negativeExp = logits.sub_(top).exp_();                            // in place: the chunk's only big buffer
                var partition = negativeExp.sum(1, keepdim: true).add_(positiveExp);
                sum.add_((top + partition.log() - positive).sum());
                // softmax over [k⁺; Q]: p⁺ = e⁺/Z, p_Q = e_Q/Z; dL/dq = ((p⁺ − 1)·k⁺ + p_Q·Qᵀ) / (τ·R).
                var negativeProbability = negativeExp.div_(partition);
                var rowGradient = negativeProbability.mm(nT).add_(kc * positiveExp.div(partition).sub_(1));
                grad[TensorIndex.Slice(start, end)] = rowGradient.div_(temperature * rows);
            }
            value = sum.div_(rows).MoveToOuterDisposeScope();
            gradient = grad.MoveToOuterDisposeScope();
        }
        var surrogate = (query * gradient).sum();
        return surrogate - surrogate.detach() + value;
    }
}
