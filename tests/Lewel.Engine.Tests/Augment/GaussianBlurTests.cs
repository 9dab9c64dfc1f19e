using Lewel.Engine.Augment;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

public class GaussianBlurTests
{
    [Theory]
    [InlineData(0.1, 13)]
    [InlineData(1.0, 13)]
    [InlineData(2.0, 13)]
    public void Kernel_SumsToOneAndIsSymmetric(double sigma, int size)
    {
        var kernel = GaussianBlur.Kernel(sigma, size);
        Assert.Equal(1.0, kernel.Sum(), 12);
        for (var i = 0; i < size; i++) Assert.Equal(kernel[i], kernel[size - 1 - i], 12);
        Assert.Equal(kernel.Max(), kernel[size / 2]);
    }

    [Fact]
    public void KernelSize_SpansThreeSigmaAndFitsTheImage()
    {
        Assert.Equal(13, GaussianBlur.KernelSize(2.0, 32, 32));
        Assert.Equal(7, GaussianBlur.KernelSize(1.0, 32, 32));
        Assert.Equal(7, GaussianBlur.KernelSize(5.0, 4, 4));
    }

    [Fact]
    public void Apply_SpreadsAnImpulseWithEachSamplesOwnVariance()
    {
        var images = zeros(2, 3, 21, 21);
        images[.., .., 10, 10] = tensor(1f);
        double[] sigmas = [0.8, 2.0];
        using var result = GaussianBlur.Apply(images, sigmas, GaussianBlur.KernelSize(2.0, 21, 21));
        for (var b = 0; b < 2; b++)
        {
            var row = Values(result[b, 0, 10]);
            var column = Values(result[b, 0, .., 10]);
            var mass = Values(result[b, 0]).Sum();
            Assert.Equal(1.0, mass, 4);
            var variance = Enumerable.Range(0, 21).Sum(x => row[x] * (x - 10.0) * (x - 10.0)) / row.Sum();
            Assert.InRange(variance, sigmas[b] * sigmas[b] * 0.9, sigmas[b] * sigmas[b] * 1.05);
            Assert.Equal(row, column);
        }
    }

    [Fact]
    public void Apply_KeepsAConstantImageConstant()
    {
        using var images = full(2, 3, 9, 9, 0.37f);
        using var result = GaussianBlur.Apply(images, [1.5, 0.3], 7);
        AssertClose(images, result);
    }
}
