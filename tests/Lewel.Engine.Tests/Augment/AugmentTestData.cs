using Lewel.Engine.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Augment;

internal static class AugmentTestData
{
    /// <summary>A view augmentation that changes nothing: full-image crops, every probability and strength zero.</summary>
    public static readonly ViewAugmentation Identity = new()
    {
        CropScaleMin = 1, CropScaleMax = 1, CropRatioMin = 1, CropRatioMax = 1, FlipProbability = 0, JitterProbability = 0,
        GrayscaleProbability = 0, BlurProbability = 0, SolarizeProbability = 0,
    };

    public static Tensor RandomImages(int batch, int size, long seed)
    {
        var generator = new Generator((ulong)seed);
        return rand(batch, 3, size, size, generator: generator);
    }

    public static float[] Values(Tensor t) => t.contiguous().to(float32).data<float>().ToArray();

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.to(float64) - actual.to(float64)).abs().max().item<double>();
        Assert.True(difference <= tolerance, $"tensors differ by up to {difference:G4} (tolerance {tolerance:G4})");
    }
}
