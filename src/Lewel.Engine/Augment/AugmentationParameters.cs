using Lewel.Engine.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Every random choice for one augmented view of a batch, one entry per sample. All of it comes from a single
/// (B, <see cref="DrawsPerSample"/>) tensor of uniform numbers drawn on the CPU from the caller's generator, so a seed
/// gives the same views on every device and whatever the parameters (the column layout never changes).</summary>
public sealed class AugmentationParameters
{
    public const int CropAttempts = 10;
    /// <summary>Columns: 10 area draws, 10 ratio draws, top, left, flip, jitter, brightness, contrast, saturation,
    /// hue, jitter order, grayscale, blur, blur σ, solarize.</summary>
    public const int DrawsPerSample = 2 * CropAttempts + 13;

    public required CropBox[] Boxes { get; init; }
    public required bool[] Flip { get; init; }
    public required bool[] Jitter { get; init; }
    public required double[] Brightness { get; init; }
    public required double[] Contrast { get; init; }
    public required double[] Saturation { get; init; }
    public required double[] Hue { get; init; }
    /// <summary>Index into <see cref="ColorJitter.Orders"/>: the order of the four jitter operations for this sample.</summary>
    public required int[] JitterOrder { get; init; }
    public required bool[] Grayscale { get; init; }
    public required bool[] Blur { get; init; }
    public required double[] BlurSigma { get; init; }
    public required bool[] Solarize { get; init; }

    public int Count => Boxes.Length;

    public static AugmentationParameters Draw(int batch, int height, int width, ViewAugmentation aug, Generator generator) =>
        Draw(Enumerable.Repeat((width, height), batch).ToArray(), aug, generator);

    /// <summary>Parameters for a batch of originals of the given sizes; each crop box is in its own original's pixels.</summary>
    public static AugmentationParameters Draw(IReadOnlyList<(int Width, int Height)> sources, ViewAugmentation aug, Generator generator)
    {
        using var uniforms = rand(sources.Count, DrawsPerSample, dtype: float64, device: CPU, generator: generator);
        return FromUniforms(uniforms.data<double>().ToArray(), sources, aug);
    }

    public static AugmentationParameters FromUniforms(double[] u, int batch, int height, int width, ViewAugmentation aug) =>
        FromUniforms(u, Enumerable.Repeat((width, height), batch).ToArray(), aug);

    /// <summary>Maps uniform [0, 1) draws (row-major, <see cref="DrawsPerSample"/> per sample) to parameters, the way
    /// torchvision samples them: crop boxes relative to each sample's original (<paramref name="sources"/>), jitter
    /// factors uniform in [max(0, 1 − s), 1 + s], hue in [−h, h].</summary>
    public static AugmentationParameters FromUniforms(double[] u, IReadOnlyList<(int Width, int Height)> sources, ViewAugmentation aug)
    {
        var batch = sources.Count;
        var p = new AugmentationParameters
        {
            Boxes = new CropBox[batch], Flip = new bool[batch], Jitter = new bool[batch], Brightness = new double[batch],
            Contrast = new double[batch], Saturation = new double[batch], Hue = new double[batch], JitterOrder = new int[batch],
            Grayscale = new bool[batch], Blur = new bool[batch], BlurSigma = new double[batch], Solarize = new bool[batch],
        };
        for (var b = 0; b < batch; b++)
        {
            var row = u.AsSpan(b * DrawsPerSample, DrawsPerSample);
            const int next = 2 * CropAttempts;
            var (width, height) = sources[b];
            p.Boxes[b] = CropBox.RandomResized(height, width, aug.CropScaleMin, aug.CropScaleMax, aug.CropRatioMin, aug.CropRatioMax,
                row[..CropAttempts], row[CropAttempts..next], row[next], row[next + 1]);
            p.Flip[b] = row[next + 2] < aug.FlipProbability;
            p.Jitter[b] = row[next + 3] < aug.JitterProbability;
            p.Brightness[b] = Factor(aug.Brightness, row[next + 4]);
            p.Contrast[b] = Factor(aug.Contrast, row[next + 5]);
            p.Saturation[b] = Factor(aug.Saturation, row[next + 6]);
            p.Hue[b] = aug.Hue * (2 * row[next + 7] - 1);
            p.JitterOrder[b] = Math.Min((int)(row[next + 8] * ColorJitter.Orders.Count), ColorJitter.Orders.Count - 1);
            p.Grayscale[b] = row[next + 9] < aug.GrayscaleProbability;
            p.Blur[b] = row[next + 10] < aug.BlurProbability;
            p.BlurSigma[b] = aug.BlurSigmaMin + (aug.BlurSigmaMax - aug.BlurSigmaMin) * row[next + 11];
            p.Solarize[b] = row[next + 12] < aug.SolarizeProbability;
        }
        return p;
    }

    private static double Factor(double strength, double u)
    {
        var low = Math.Max(0, 1 - strength);
        return low + (1 + strength - low) * u;
    }

    /// <summary>Indices of the samples where <paramref name="flags"/> is set.</summary>
    public static int[] Where(bool[] flags) => Enumerable.Range(0, flags.Length).Where(i => flags[i]).ToArray();
}
