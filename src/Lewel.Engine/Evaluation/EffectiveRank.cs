using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>RankMe (Garrido et al. 2023, "RankMe: assessing the downstream performance of pretrained self-supervised
/// representations by their rank"): the exponential of the Shannon entropy of the normalised singular values of an
/// [n, d] feature matrix, p_k = σ_k / Σσ + ε. It lies between 1 (every row on one line) and min(n, d) (all singular
/// values equal); a collapsed representation has a rank far below min(n, d).</summary>
public static class EffectiveRank
{
    /// <summary>RankMe's ε, added to every normalised singular value.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Rows of the feature matrix folded into the d × d Gram matrix at a time.</summary>
    private const long GramChunkRows = 8192;

    /// <param name="features">[n, d] with n, d ≥ 1, on any device; not modified.</param>
    public static double RankMe(Tensor features)
    {
        if (features.dim() != 2 || features.shape[0] < 1 || features.shape[1] < 1)
            throw new ArgumentException($"RankMe needs an [n ≥ 1, d ≥ 1] feature matrix, got [{string.Join(", ", features.shape)}]", nameof(features));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var singular = SingularValues(features.detach());
        var total = singular.sum();
        if (total.item<double>() <= 0) return 1;
        var p = singular.div(total).add_(Epsilon);
        return Math.Exp(-(p * p.log()).sum().item<double>());
    }

    /// <summary>The min(n, d) singular values, in float64: from the d × d Gram matrix when n ≥ d (memory d², one pass
    /// over the rows in chunks), else directly.</summary>
    private static Tensor SingularValues(Tensor features)
    {
        var (n, d) = (features.shape[0], features.shape[1]);
        if (n < d) return linalg.svdvals(features.to(float64));
        var gram = zeros([d, d], dtype: float64, device: features.device);
        for (long start = 0; start < n; start += GramChunkRows)
        {
            using var chunkScope = NewDisposeScope();
            var rows = features[TensorIndex.Slice(start, Math.Min(n, start + GramChunkRows))].to(float64);
            gram.add_(rows.t().mm(rows));
        }
        return linalg.eigvalsh(gram).clamp_min(0).sqrt();
    }
}
