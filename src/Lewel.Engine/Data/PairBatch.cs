using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Data;

/// <summary>One training batch of two augmented views. <see cref="View1"/>/<see cref="View2"/> are normalised float
/// (B, 3, H, W) on the loader's device; <see cref="Box1"/>/<see cref="Box2"/> (B, 4) float32 are the crops as
/// [x0, y0, x1, y1] in original-image pixels and <see cref="Flip1"/>/<see cref="Flip2"/> (B) bool whether each view was
/// mirrored (both on the CPU). <see cref="Indices"/> are the data-set indices of the images. The tensors belong to no
/// dispose scope: the consumer disposes the batch.</summary>
public sealed class PairBatch : IDisposable
{
    internal PairBatch(int batchIndex, Tensor view1, Tensor view2, Tensor box1, Tensor box2, Tensor flip1, Tensor flip2, int[] indices)
    {
        BatchIndex = batchIndex;
        View1 = view1;
        View2 = view2;
        Box1 = box1;
        Box2 = box2;
        Flip1 = flip1;
        Flip2 = flip2;
        Indices = indices;
    }

    /// <summary>Position of this batch in the epoch (0-based).</summary>
    public int BatchIndex { get; }
    public Tensor View1 { get; }
    public Tensor View2 { get; }
    public Tensor Box1 { get; }
    public Tensor Box2 { get; }
    public Tensor Flip1 { get; }
    public Tensor Flip2 { get; }
    public int[] Indices { get; }

    /// <summary>How long the consumer waited for this batch, in seconds (0 when it was already prepared).</summary>
    public double DataWaitSeconds { get; internal set; }

    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
        Box1.Dispose();
        Box2.Dispose();
        Flip1.Dispose();
        Flip2.Dispose();
    }
}
