using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Per-channel (x − mean) / std on (B, 3, H, W) batches, and its inverse for display.</summary>
public static class Normalization
{
    public static Tensor Normalize(Tensor images, double[] mean, double[] std)
    {
        Check(mean, std);
        return (images - Channels(mean, images)) / Channels(std, images);
    }

    public static Tensor Denormalize(Tensor images, double[] mean, double[] std)
    {
        Check(mean, std);
        return images * Channels(std, images) + Channels(mean, images);
    }

    private static Tensor Channels(double[] values, Tensor like) =>
        tensor(values.Select(v => (float)v).ToArray(), device: like.device).to(like.dtype).view(1, -1, 1, 1);

    private static void Check(double[] mean, double[] std)
    {
        if (mean.Length != 3 || std.Length != 3)
            throw new ArgumentException($"normalisation needs 3 means and 3 standard deviations, got {mean.Length} and {std.Length}");
        if (std.Any(s => !(s > 0))) throw new ArgumentException($"standard deviations must be positive, got [{string.Join(", ", std)}]");
    }
}
