using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>The training augmentation of the supervised protocols (lewel-method.md §6.4): a random resized crop with
/// area scale (0.08, 1) and aspect ratio (3/4, 4/3), resampled to the input size, plus a horizontal flip with p 0.5,
/// drawn per image. Unlike torchvision, a crop that would not fit is clamped to the image instead of re-drawn.</summary>
public sealed class ProbeAugmentation(long seed) : IDisposable
{
    private readonly Generator generator = new((ulong)seed);

    public const double MinScale = 0.08;

    /// <param name="images">[B, 3, H, W] in [0, 1].</param>
    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (images.shape[0], images.shape[2], images.shape[3]);
        var draws = rand(b, 5, generator: generator).to(images.device);
        var area = draws[.., 0] * (1 - MinScale) + MinScale;
        var logRatio = (draws[.., 1] * 2 - 1) * Math.Log(4.0 / 3.0);
        var ratio = logRatio.exp();
        var cropW = area.mul(ratio).sqrt().clamp_max(1);                        // fraction of the width
        var cropH = area.div(ratio).sqrt().clamp_max(1);
        var centreX = (draws[.., 2] * (1 - cropW) + cropW / 2) * 2 - 1;          // in [-1, 1]
        var centreY = (draws[.., 3] * (1 - cropH) + cropH / 2) * 2 - 1;
        var flip = draws[.., 4].lt(0.5).to_type(ScalarType.Float32).mul(-2).add(1);
        var xs = linspace(-1 + 1.0 / w, 1 - 1.0 / w, w, device: images.device);  // output pixel centres
        var ys = linspace(-1 + 1.0 / h, 1 - 1.0 / h, h, device: images.device);
        var gridX = centreX.view(b, 1, 1) + xs.view(1, 1, w) * cropW.mul(flip).view(b, 1, 1);
        var gridY = centreY.view(b, 1, 1) + ys.view(1, h, 1) * cropH.view(b, 1, 1);
        var grid = stack([gridX.expand(b, h, w), gridY.expand(b, h, w)], 3);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false)
            .MoveToOuterDisposeScope();
    }

    public void Dispose() => generator.Dispose();
}
