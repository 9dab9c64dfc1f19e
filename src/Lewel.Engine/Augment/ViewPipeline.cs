using Lewel.Engine.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>The per-view SSL augmentation, batched with per-sample random parameters (lewel-method.md §6):
/// random resized crop of the original with horizontal flip (one resampling pass to the view size) → colour jitter with probability p in a per-sample
/// random order → grayscale → Gaussian blur with per-sample σ → solarize → normalisation. Flip commutes with the
/// pixel-wise steps and with the symmetric blur, so doing it inside the crop does not change the result.
/// All random choices are drawn on the CPU from <c>generator</c> (<see cref="AugmentationParameters"/>); the pixel work
/// runs on the device of the images.</summary>
public static class ViewPipeline
{
    /// <param name="images01">(B, 3, H, W) float in [0, 1]; the views have the same size.</param>
    /// <param name="generator">A CPU generator; the same state gives the same view on every device.</param>
    /// <param name="mean">Per-channel mean for normalisation (default: none, i.e. 0).</param>
    /// <param name="std">Per-channel standard deviation (default: none, i.e. 1).</param>
    public static AugmentedView Apply(Tensor images01, ViewAugmentation aug, Generator generator, double[]? mean = null, double[]? std = null)
    {
        if (images01.dim() != 4 || images01.shape[1] != 3)
            throw new ArgumentException($"expected a (B, 3, H, W) batch, got ({string.Join(", ", images01.shape)})", nameof(images01));
        if (!images01.is_floating_point()) throw new ArgumentException($"expected float images in [0, 1], got {images01.dtype}", nameof(images01));
        return Apply(ViewSources.Single(images01), (int)images01.shape[2], (int)images01.shape[3], aug, generator, mean, std);
    }

    /// <summary>Views of <paramref name="outHeight"/>×<paramref name="outWidth"/> cut from originals of any sizes: each
    /// crop box is drawn relative to its own original (torchvision's RandomResizedCrop on the full image) and is
    /// reported in that original's pixels.</summary>
    public static AugmentedView Apply(ViewSources sources, int outHeight, int outWidth, ViewAugmentation aug, Generator generator,
        double[]? mean = null, double[]? std = null)
    {
        var errors = AugmentationValidator.Validate(aug, "view");
        if (errors.Count > 0) throw new ConfigException(errors);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        var batch = sources.Count;
        var p = AugmentationParameters.Draw(sources.Sizes, aug, generator);

        using var scope = NewDisposeScope();
        var x = sources.Crop(p.Boxes, p.Flip, aug.Interpolation, outHeight, outWidth);
        x = ColorJitter.Apply(x, p, aug.Brightness > 0, aug.Contrast > 0, aug.Saturation > 0, aug.Hue > 0);
        x = BatchSubset.Apply(x, AugmentationParameters.Where(p.Grayscale), (subset, _) => ColorSpace.Gray(subset).expand(-1, 3, -1, -1));
        var kernelSize = GaussianBlur.KernelSize(aug.BlurSigmaMax, outHeight, outWidth);
        x = BatchSubset.Apply(x, AugmentationParameters.Where(p.Blur),
            (subset, indices) => GaussianBlur.Apply(subset, indices.Select(i => p.BlurSigma[i]).ToArray(), kernelSize));
        x = BatchSubset.Apply(x, AugmentationParameters.Where(p.Solarize),
            (subset, _) => where(subset >= aug.SolarizeThreshold, 1 - subset, subset));
        if (mean is not null || std is not null) x = Normalization.Normalize(x, mean ?? [0, 0, 0], std ?? [1, 1, 1]);
        var images = x.contiguous().MoveToOuterDisposeScope();

        var boxes = tensor(p.Boxes.SelectMany(b => new[] { (float)b.X0, (float)b.Y0, (float)b.X1, (float)b.Y1 }).ToArray()).view(batch, 4);
        var flipped = tensor(p.Flip);
        return new AugmentedView(images, boxes.MoveToOuterDisposeScope(), flipped.MoveToOuterDisposeScope(), p);
    }
}
