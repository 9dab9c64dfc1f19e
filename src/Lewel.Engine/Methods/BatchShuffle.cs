using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>MoCo's batch shuffle on one device: the batch goes through an encoder in a random order and the output rows
/// are put back in the input's order, so row i of the result belongs to input i while the encoder's batch statistics
/// were computed over a random grouping.</summary>
internal static class BatchShuffle
{
    /// <param name="batch">[N, …]</param>
    /// <param name="encoder">Maps [N, …] to [N, …] row by row up to batch statistics.</param>
    /// <returns>encoder(batch[π])[π⁻¹] for a random permutation π drawn from torch's generator.</returns>
    public static Tensor Apply(Tensor batch, Func<Tensor, Tensor> encoder)
    {
        using var scope = NewDisposeScope();
        var order = randperm(batch.shape[0], dtype: ScalarType.Int64, device: batch.device);
        var restore = order.argsort();
        return encoder(batch.index_select(0, order)).index_select(0, restore).MoveToOuterDisposeScope();
    }
}
