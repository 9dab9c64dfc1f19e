using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Gaussian blur with a σ per sample: a separable depthwise convolution (one kernel per sample and channel)
/// with reflect padding. The kernel spans ±3σ_max (odd size, limited so the padding stays inside the image).</summary>
public static class GaussianBlur
{
    public static int KernelSize(double sigmaMax, int height, int width)
    {
        var size = 2 * (int)Math.Ceiling(3 * sigmaMax) + 1;
        var limit = 2 * Math.Min(height, width) - 1;
        return Math.Max(1, Math.Min(size, limit));
    }

    /// <summary>The normalised 1-D Gaussian over offsets −k/2 … k/2.</summary>
    public static double[] Kernel(double sigma, int size)
    {
        var kernel = new double[size];
        var sum = 0.0;
        for (var i = 0; i < size; i++)
        {
            var x = i - size / 2;
            kernel[i] = Math.Exp(-0.5 * x * x / (sigma * sigma));
            sum += kernel[i];
        }
        for (var i = 0; i < size; i++) kernel[i] /= sum;
        return kernel;
    }

    /// <param name="images">(n, C, H, W).</param>
    /// <param name="sigmas">One σ per sample.</param>
    public static Tensor Apply(Tensor images, IReadOnlyList<double> sigmas, int kernelSize)
    {
        long n = images.shape[0], channels = images.shape[1], height = images.shape[2], width = images.shape[3];
        if (kernelSize <= 1) return images;
        var weights = new float[n * channels * kernelSize];
        for (var b = 0; b < n; b++)
        {
            var kernel = Kernel(sigmas[b], kernelSize);
            for (var c = 0; c < channels; c++)
            for (var i = 0; i < kernelSize; i++)
                weights[(b * channels + c) * kernelSize + i] = (float)kernel[i];
        }
        var groups = n * channels;
        var w = tensor(weights, device: images.device).to(images.dtype);
        var pad = kernelSize / 2;
        var x = images.reshape(1, groups, height, width);
        x = nn.functional.pad(x, [pad, pad, 0, 0], PaddingModes.Reflect);
        x = nn.functional.conv2d(x, w.view(groups, 1, 1, kernelSize), groups: groups);
        x = nn.functional.pad(x, [0, 0, pad, pad], PaddingModes.Reflect);
        x = nn.functional.conv2d(x, w.view(groups, 1, kernelSize, 1), groups: groups);
        return x.view(n, channels, height, width);
    }
}
