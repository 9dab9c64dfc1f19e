using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

public class ViewPipelineTests
{
    [Fact]
    public void Apply_WithEverythingDisabled_OnlyNormalises()
    {
        using var images = RandomImages(5, 16, 1);
        double[] mean = [0.4, 0.5, 0.6], std = [0.2, 0.25, 0.3];
        using var view = ViewPipeline.Apply(images, Identity, new Generator(1), mean, std);
        AssertClose(Normalization.Normalize(images, mean, std), view.Images, 1e-5);
        Assert.Equal(Enumerable.Repeat(new float[] { 0, 0, 16, 16 }, 5).SelectMany(b => b), Values(view.Boxes));
        Assert.All(view.Flipped.data<bool>().ToArray(), Assert.False);
    }

    [Fact]
    public void Apply_SameGeneratorSeed_GivesIdenticalViews_AndAnotherSeedDifferentOnes()
    {
        using var images = RandomImages(16, 16, 2);
        var aug = new ViewAugmentation { BlurProbability = 0.5, SolarizeProbability = 0.3 };
        using var a = ViewPipeline.Apply(images, aug, new Generator(42));
        using var b = ViewPipeline.Apply(images, aug, new Generator(42));
        using var c = ViewPipeline.Apply(images, aug, new Generator(43));
        Assert.True(a.Images.equal(b.Images).all().item<bool>());
        Assert.True(a.Boxes.equal(b.Boxes).all().item<bool>());
        Assert.False(a.Images.allclose(c.Images));
    }

    [Fact]
    public void Apply_LargeBatch_FlipRateAndCropAreasFollowTheParameters()
    {
        using var images = RandomImages(2000, 8, 12);
        var aug = new ViewAugmentation { FlipProbability = 0.3, CropScaleMin = 0.2, CropScaleMax = 0.6, JitterProbability = 0, GrayscaleProbability = 0 };
        using var view = ViewPipeline.Apply(images, aug, new Generator(3));
        var flipRate = view.Flipped.data<bool>().ToArray().Count(f => f) / 2000.0;
        Assert.InRange(flipRate, 0.27, 0.33);
        var boxes = Values(view.Boxes);
        for (var b = 0; b < 2000; b++)
        {
            var area = (boxes[4 * b + 2] - boxes[4 * b]) * (boxes[4 * b + 3] - boxes[4 * b + 1]) / 64.0;
            Assert.InRange(area, 0.2 - 0.14, 0.6 + 0.14); // 8 px images: rounding to whole pixels moves the area
        }
        Assert.Equal(new long[] { 2000, 3, 8, 8 }, view.Images.shape);
    }

    [Fact]
    public void Apply_GrayscaleSamples_HaveEqualChannels_OthersDoNot()
    {
        using var images = RandomImages(400, 8, 4);
        var aug = Identity with { GrayscaleProbability = 0.5 };
        using var view = ViewPipeline.Apply(images, aug, new Generator(4));
        var gray = view.Parameters.Grayscale;
        Assert.InRange(gray.Count(g => g) / 400.0, 0.4, 0.6);
        for (var b = 0; b < 400; b++)
        {
            var channelsEqual = view.Images[b, 0].equal(view.Images[b, 1]).all().item<bool>() && view.Images[b, 1].equal(view.Images[b, 2]).all().item<bool>();
            Assert.Equal(gray[b], channelsEqual);
        }
    }

    [Fact]
    public void Apply_Solarize_InvertsPixelsAboveTheThreshold()
    {
        using var images = RandomImages(4, 8, 5);
        using var view = ViewPipeline.Apply(images, Identity with { SolarizeProbability = 1, SolarizeThreshold = 0.5 }, new Generator(5));
        AssertClose(where(images >= 0.5, 1 - images, images), view.Images);
    }

    [Fact]
    public void Apply_BlurredSamples_AreSmootherAndKeepTheirMean()
    {
        using var images = RandomImages(200, 16, 6);
        using var view = ViewPipeline.Apply(images, Identity with { BlurProbability = 0.5, BlurSigmaMin = 1, BlurSigmaMax = 2 }, new Generator(6));
        for (var b = 0; b < 200; b++)
        {
            var roughnessBefore = (images[b, .., .., 1..] - images[b, .., .., ..^1]).abs().mean().item<float>();
            var roughnessAfter = (view.Images[b, .., .., 1..] - view.Images[b, .., .., ..^1]).abs().mean().item<float>();
            if (view.Parameters.Blur[b]) Assert.True(roughnessAfter < roughnessBefore * 0.6, $"sample {b} blurred with σ {view.Parameters.BlurSigma[b]:F2} is not smoother");
            else Assert.Equal(roughnessBefore, roughnessAfter);
            Assert.InRange(view.Images[b].mean().item<float>() - images[b].mean().item<float>(), -0.01, 0.01); // reflect padding moves it slightly
        }
    }

    [Fact]
    public void Apply_BoxesAndFlagsMatchTheDrawnParameters()
    {
        using var images = RandomImages(32, 16, 7);
        using var view = ViewPipeline.Apply(images, new ViewAugmentation(), new Generator(7));
        var boxes = Values(view.Boxes);
        var flipped = view.Flipped.data<bool>().ToArray();
        for (var b = 0; b < 32; b++)
        {
            var box = view.Parameters.Boxes[b];
            Assert.Equal(new[] { (float)box.X0, (float)box.Y0, (float)box.X1, (float)box.Y1 }, boxes[(4 * b)..(4 * b + 4)]);
            Assert.Equal(view.Parameters.Flip[b], flipped[b]);
        }
    }

    [Fact]
    public void Apply_InvalidParameters_ThrowsWithThePath()
    {
        using var images = RandomImages(2, 8, 8);
        var error = Assert.Throws<ConfigException>(() => ViewPipeline.Apply(images, new ViewAugmentation { FlipProbability = 3 }, new Generator(1)));
        Assert.Contains("view.flipProbability", error.Message);
    }

    [Fact]
    public void Apply_InsideAScope_LeavesOnlyTheViewsTensors()
    {
        using var images = RandomImages(8, 16, 9);
        using var scope = NewDisposeScope();
        var before = scope.DisposablesCount;
        var view = ViewPipeline.Apply(images, new ViewAugmentation { BlurProbability = 0.5, SolarizeProbability = 0.5 }, new Generator(9));
        Assert.Equal(before + 3, scope.DisposablesCount);
        Assert.False(view.Images.IsInvalid);
    }
}
