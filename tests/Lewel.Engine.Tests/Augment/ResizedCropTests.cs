using Lewel.Engine.Augment;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

public class ResizedCropTests
{
    [Theory]
    [InlineData("bilinear")]
    [InlineData("bicubic")]
    public void Apply_FullBoxWithoutFlip_IsTheIdentity(string interpolation)
    {
        using var images = RandomImages(3, 12, 1);
        var boxes = Enumerable.Repeat(CropBox.Full(12, 12), 3).ToArray();
        using var result = ResizedCrop.Apply(images, boxes, [false, false, false], interpolation);
        AssertClose(images, result);
    }

    [Theory]
    [InlineData("bilinear")]
    [InlineData("bicubic")]
    public void Apply_FullBoxFlipped_MirrorsEachRow(string interpolation)
    {
        using var images = RandomImages(2, 10, 2);
        var boxes = Enumerable.Repeat(CropBox.Full(10, 10), 2).ToArray();
        using var result = ResizedCrop.Apply(images, boxes, [true, false], interpolation);
        AssertClose(images[0].flip(2), result[0]);
        AssertClose(images[1], result[1]);
    }

    [Fact]
    public void Apply_HalfSizeCropUpsampledTwice_MatchesHandComputedBilinearValues()
    {
        // Row values 0, 1, 2, 3 (constant down columns); crop x ∈ [1, 3) resized to 4 columns samples at edge
        // coordinates 1.25, 1.75, 2.25, 2.75, clamped to the crop's pixel centres 1.5 … 2.5: values 1, 1.25, 1.75, 2.
        using var image = arange(4, dtype: float32).view(1, 1, 1, 4).expand(1, 3, 4, 4).contiguous();
        using var result = ResizedCrop.Apply(image, [new CropBox(1, 0, 3, 4)], [false], "bilinear");
        Assert.Equal(new float[] { 1f, 1.25f, 1.75f, 2f }, Values(result[0, 0, 0]).Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void Apply_Bilinear_AgreesWithTheSeparableMatrixFormulation()
    {
        using var images = RandomImages(6, 16, 3);
        CropBox[] boxes = [new(0, 0, 16, 16), new(3, 5, 11, 9), new(0, 2, 7, 16), new(9, 9, 16, 16), new(1, 1, 2, 2), new(4, 0, 16, 12)];
        bool[] flips = [false, true, false, true, false, true];
        using var viaGrid = ResizedCrop.Apply(images, boxes, flips, "bilinear");
        using var viaMatrices = ResizedCrop.Separable(images, boxes, flips, ResamplingKernel.Linear);
        AssertClose(viaMatrices, viaGrid, 1e-5);
    }

    [Theory]
    [InlineData("bilinear", InterpolationMode.Bilinear)]
    [InlineData("bicubic", InterpolationMode.Bicubic)]
    public void Apply_EqualsTorchInterpolateOfTheCrop(string interpolation, InterpolationMode mode)
    {
        // crop-then-resize, as torchvision's resized_crop does it
        using var images = RandomImages(2, 16, 9);
        CropBox[] boxes = [new(4, 4, 12, 12), new(1, 6, 15, 10)];
        using var result = ResizedCrop.Apply(images, boxes, [false, true], interpolation);
        for (var b = 0; b < 2; b++)
        {
            var box = boxes[b];
            using var crop = images[b..(b + 1), .., (int)box.Y0..(int)box.Y1, (int)box.X0..(int)box.X1];
            using var resized = nn.functional.interpolate(crop, [16, 16], mode: mode, align_corners: false).clamp(0, 1);
            AssertClose(b == 1 ? resized.flip(3) : resized, result[b..(b + 1)], 1e-5);
        }
    }

    [Fact]
    public void Apply_Bicubic_DiffersFromBilinearAndStaysInRange()
    {
        using var images = RandomImages(2, 16, 9);
        CropBox[] boxes = [new(2, 3, 10, 11), new(2, 3, 10, 11)];
        using var linear = ResizedCrop.Apply(images, boxes, [false, false], "bilinear");
        using var cubic = ResizedCrop.Apply(images, boxes, [false, false], "bicubic");
        Assert.True((cubic - linear).abs().max().item<float>() > 0.01f, "bicubic should differ from bilinear on a random image");
        Assert.True(cubic.min().item<float>() >= 0 && cubic.max().item<float>() <= 1);
    }

    [Fact]
    public void Cubic_KernelWeightsSumToOneAtAnyPhase()
    {
        foreach (var phase in new[] { 0.0, 0.1, 0.25, 0.5, 0.9 })
            Assert.Equal(1.0, Enumerable.Range(-1, 4).Sum(t => ResamplingKernel.CubicWeight(phase - t)), 12);
    }
}
