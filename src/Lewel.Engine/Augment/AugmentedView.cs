using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>One augmented view of a batch. <see cref="Images"/> (B, 3, H, W) is normalised and on the input's device;
/// <see cref="Boxes"/> (B, 4) float32 holds each crop as [x0, y0, x1, y1] in original-image pixels and
/// <see cref="Flipped"/> (B) bool whether the view was mirrored; both stay on the CPU, where they are read.
/// The tensors belong to no dispose scope unless the caller had one open: dispose the view (or move it into a scope).</summary>
public sealed class AugmentedView(Tensor images, Tensor boxes, Tensor flipped, AugmentationParameters parameters) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Boxes { get; } = boxes;
    public Tensor Flipped { get; } = flipped;

    /// <summary>Every random choice behind this view.</summary>
    public AugmentationParameters Parameters { get; } = parameters;

    public void Dispose()
    {
        Images.Dispose();
        Boxes.Dispose();
        Flipped.Dispose();
    }
}
