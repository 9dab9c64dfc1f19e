using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Counts of correct top-k predictions from class scores.</summary>
public static class TopKAccuracy
{
    /// <summary>How many rows of <paramref name="scores"/> [Q, C] have their label [Q] among their <paramref name="k"/>
    /// highest scores. With fewer than k classes every row counts as correct.</summary>
    public static long Correct(Tensor scores, Tensor labels, int k)
    {
        using var scope = NewDisposeScope();
        var kk = (int)Math.Min(k, scores.shape[1]);
        var top = scores.topk(kk, dim: 1).indexes;
        return top.eq(labels.to(top.device).to_type(ScalarType.Int64).unsqueeze(1)).any(1).sum().item<long>();
    }
}
