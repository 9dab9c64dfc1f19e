using static Lewel.Engine.Evaluation.TensorShapes;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Top-1/top-5 accuracy of one kNN setting, in percent, with the k actually used (k is capped by the bank size).</summary>
public sealed record KnnAccuracy(KnnSetting Setting, int EffectiveK, double Top1, double Top5);

/// <summary>Weighted cosine kNN on ℓ2-normalised features (lewel-method.md §8.3): similarities are computed for a chunk
/// of queries at a time, so memory stays bounded by <c>chunk × bank</c>; all settings share one top-k search.</summary>
public static class KnnClassifier
{
    /// <summary>Elements of the similarity matrix held at once (64 MiB of float32).</summary>
    public const long DefaultSimilarityBudget = 1L << 24;

    /// <param name="bank">[N, D] ℓ2-normalised memory features.</param>
    /// <param name="bankLabels">[N] class indices of the bank.</param>
    /// <param name="queries">[Q, D] ℓ2-normalised query features.</param>
    /// <param name="queryLabels">[Q] true class indices of the queries.</param>
    public static IReadOnlyList<KnnAccuracy> Evaluate(Tensor bank, Tensor bankLabels, Tensor queries, Tensor queryLabels,
        int numClasses, IReadOnlyList<KnnSetting> settings, long similarityBudget = DefaultSimilarityBudget,
        CancellationToken cancellationToken = default)
    {
        Validate(bank, bankLabels, queries, queryLabels, numClasses, settings);
        var n = bank.shape[0];
        var q = queries.shape[0];
        var maxK = (int)Math.Min(settings.Max(s => s.K), n);
        var chunk = Math.Max(1, similarityBudget / n);
        var top1 = new long[settings.Count];
        var top5 = new long[settings.Count];
        using var bankT = bank.t().contiguous();
        using var labels = bankLabels.to_type(ScalarType.Int64).to(bank.device);
        for (long start = 0; start < q; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var end = Math.Min(q, start + chunk);
            var similarity = queries[TensorIndex.Slice(start, end)].to(bank.device).matmul(bankT);
            var (values, indexes) = similarity.topk(maxK, dim: 1);
            var neighbourLabels = labels[indexes];
            var truth = queryLabels[TensorIndex.Slice(start, end)].to(bank.device);
            for (var i = 0; i < settings.Count; i++)
            {
                var k = (int)Math.Min(settings[i].K, n);
                var scores = Votes(values[.., ..k], neighbourLabels[.., ..k], numClasses, settings[i].Temperature);
                top1[i] += TopKAccuracy.Correct(scores, truth, 1);
                top5[i] += TopKAccuracy.Correct(scores, truth, 5);
            }
        }
        return settings.Select((s, i) => new KnnAccuracy(s, (int)Math.Min(s.K, n), 100.0 * top1[i] / q, 100.0 * top5[i] / q)).ToList();
    }

    /// <summary>Class scores [Q, C]: Σ over the neighbours of exp(similarity / T), per neighbour label.</summary>
    /// <param name="similarities">[Q, k] cosine similarities of the k nearest bank entries.</param>
    /// <param name="neighbourLabels">[Q, k] their labels.</param>
    public static Tensor Votes(Tensor similarities, Tensor neighbourLabels, int numClasses, double temperature)
    {
        var weights = similarities.div(temperature).exp();
        return zeros(similarities.shape[0], numClasses, dtype: weights.dtype, device: weights.device)
            .scatter_add_(1, neighbourLabels, weights);
    }

    private static void Validate(Tensor bank, Tensor bankLabels, Tensor queries, Tensor queryLabels, int numClasses,
        IReadOnlyList<KnnSetting> settings)
    {
        if (settings.Count == 0) throw new ArgumentException("at least one kNN setting is needed", nameof(settings));
        foreach (var s in settings) s.Validate();
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "kNN needs a labelled data set (at least one class)");
        if (bank.dim() != 2 || queries.dim() != 2)
            throw new ArgumentException($"kNN features must be [N, D]; got bank {Shape(bank)} and queries {Shape(queries)}");
        if (bank.shape[1] != queries.shape[1])
            throw new ArgumentException($"kNN bank has {bank.shape[1]} feature channels but the queries have {queries.shape[1]}");
        if (bank.shape[0] == 0) throw new ArgumentException("the kNN memory bank is empty", nameof(bank));
        if (queries.shape[0] == 0) throw new ArgumentException("the kNN query set is empty", nameof(queries));
        if (bankLabels.dim() != 1 || bankLabels.shape[0] != bank.shape[0])
            throw new ArgumentException($"kNN bank labels {Shape(bankLabels)} do not match the bank {Shape(bank)}", nameof(bankLabels));
        if (queryLabels.dim() != 1 || queryLabels.shape[0] != queries.shape[0])
            throw new ArgumentException($"kNN query labels {Shape(queryLabels)} do not match the queries {Shape(queries)}", nameof(queryLabels));
        LabelRange.Check(bankLabels, numClasses, "kNN bank labels");
        LabelRange.Check(queryLabels, numClasses, "kNN query labels");
    }
}
