using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Applies an operation to some samples of a batch and leaves the others as they were.</summary>
internal static class BatchSubset
{
    /// <summary>Returns <paramref name="batch"/> with samples <paramref name="indices"/> replaced by
    /// <c>op(those samples, indices)</c>. Nothing is gathered when no or every sample is selected.</summary>
    public static Tensor Apply(Tensor batch, int[] indices, Func<Tensor, int[], Tensor> op)
    {
        if (indices.Length == 0) return batch;
        if (indices.Length == batch.shape[0]) return op(batch, indices);
        var index = tensor(indices.Select(i => (long)i).ToArray(), device: batch.device);
        return batch.index_copy(0, index, op(batch.index_select(0, index), indices));
    }

    /// <summary>Per-sample scalars for the selected samples as a (n, 1, 1, 1) tensor shaped to broadcast over images.</summary>
    public static Tensor Factors(double[] values, int[] indices, Tensor like) =>
        tensor(indices.Select(i => (float)values[i]).ToArray(), device: like.device).view(-1, 1, 1, 1);
}
