using System.Text.Json;
using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Tests.Interop;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

/// <summary>Every pixel operation against torchvision 0.14's functional transforms (Debian's python3-torchvision) on the
/// same images and per-sample parameters.</summary>
public class TorchvisionParityTests
{
    private const int N = 6, Size = 12, Kernel = 7;
    private static readonly double[] Brightness = [0.6, 0.9, 1.0, 1.2, 1.4, 0.75];
    private static readonly double[] Contrast = [0.6, 1.4, 0.0, 1.1, 2.0, 0.8];
    private static readonly double[] Saturation = [0.8, 1.2, 0.0, 1.5, 0.5, 1.0];
    private static readonly double[] Hue = [-0.1, 0.05, 0.0, 0.1, -0.45, 0.3];
    private static readonly double[] Sigma = [0.1, 0.5, 1.0, 1.5, 2.0, 0.7];
    private const double Threshold = 0.5;

    [Fact]
    public void PixelOperations_MatchTorchvisionPerSample()
    {
        using var dir = new TempDirectory();
        using var images = RandomImages(N, Size, 21);
        File.WriteAllBytes(dir.File("images.bin"), Values(images).SelectMany(BitConverter.GetBytes).ToArray());
        File.WriteAllText(dir.File("params.json"), JsonSerializer.Serialize(new
        {
            brightness = Brightness, contrast = Contrast, saturation = Saturation, hue = Hue, sigma = Sigma, kernel = Kernel, threshold = Threshold,
        }));
        PythonReference.Run("augment_reference.py", dir.File("images.bin"), $"{N}", $"{Size}", $"{Size}", dir.File("params.json"), dir.Path);

        Tensor Reference(string name)
        {
            var bytes = File.ReadAllBytes(dir.File(name + ".bin"));
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return tensor(values).view(N, 3, Size, Size);
        }
        Tensor Factors(double[] values) => tensor(values.Select(v => (float)v).ToArray()).view(-1, 1, 1, 1);

        AssertClose(Reference("brightness"), ColorJitter.AdjustBrightness(images, Factors(Brightness)), 1e-6);
        AssertClose(Reference("contrast"), ColorJitter.AdjustContrast(images, Factors(Contrast)), 1e-6);
        AssertClose(Reference("saturation"), ColorJitter.AdjustSaturation(images, Factors(Saturation)), 1e-6);
        AssertClose(Reference("hue"), ColorJitter.AdjustHue(images, Factors(Hue)), 1e-5);
        AssertClose(Reference("gray"), ColorSpace.Gray(images).expand(-1, 3, -1, -1), 1e-6);
        AssertClose(Reference("blur"), GaussianBlur.Apply(images, Sigma, Kernel), 1e-5);
        var solarize = new ViewAugmentation
        {
            CropScaleMin = 1, CropScaleMax = 1, CropRatioMin = 1, CropRatioMax = 1, FlipProbability = 0, JitterProbability = 0,
            GrayscaleProbability = 0, BlurProbability = 0, SolarizeProbability = 1, SolarizeThreshold = Threshold,
        };
        using var view = ViewPipeline.Apply(images, solarize, new Generator(1));
        AssertClose(Reference("solarize"), view.Images, 1e-6);
    }
}
