using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Data;

/// <summary>One evaluation batch: normalised, un-augmented images (B, 3, H, W) float on the device, labels (B) int64
/// (−1 for unlabeled images), masks (B, H, W) uint8 when the data set has them, and the data-set indices. The tensors
/// belong to no dispose scope: dispose the batch.</summary>
public sealed class EvalBatch(Tensor images, Tensor labels, Tensor? masks, int[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public Tensor? Masks { get; } = masks;
    public int[] Indices { get; } = indices;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        Masks?.Dispose();
    }
}
