using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Augment;

public class CropBoxTests
{
    private static AugmentationParameters Draw(int batch, int height, int width, ViewAugmentation aug, ulong seed)
    {
        var random = new SeededRandom(seed);
        var u = new double[batch * AugmentationParameters.DrawsPerSample];
        for (var i = 0; i < u.Length; i++) u[i] = random.NextDouble();
        return AugmentationParameters.FromUniforms(u, batch, height, width, aug);
    }

    [Theory]
    [InlineData(0.08, 1.0)]
    [InlineData(0.2, 1.0)]
    [InlineData(0.3, 0.5)]
    public void RandomResized_AreaFractionsAndRatiosStayInRange_AndCoverTheRange(double scaleMin, double scaleMax)
    {
        var aug = new ViewAugmentation { CropScaleMin = scaleMin, CropScaleMax = scaleMax };
        var p = Draw(5000, 64, 64, aug, 1);
        var fractions = p.Boxes.Select(b => b.Width * b.Height / (64.0 * 64)).ToArray();
        foreach (var box in p.Boxes)
        {
            Assert.True(box.X0 >= 0 && box.Y0 >= 0 && box.X1 <= 64 && box.Y1 <= 64 && box.Width > 0 && box.Height > 0, $"{box} leaves the image");
            Assert.Equal(Math.Floor(box.X0), box.X0);
            var fraction = box.Width * box.Height / (64.0 * 64);
            // Sizes are rounded to whole pixels, which moves the area by at most about one row and one column.
            Assert.InRange(fraction, scaleMin - 2 * 64 * 1.0 / (64 * 64) * Math.Sqrt(64 * 64), scaleMax + 0.04);
            Assert.InRange(box.Width / box.Height, 0.75 * 0.9, 4.0 / 3 * 1.1);
        }
        Assert.InRange(fractions.Min(), scaleMin - 0.01, scaleMin + 0.03);
        Assert.True(fractions.Max() >= Math.Min(scaleMax, 0.9) - 0.05);
        // Tries too wide or too tall for the image are rejected, which favours smaller areas a little.
        Assert.InRange(fractions.Average(), (scaleMin + scaleMax) / 2 - 0.07, (scaleMin + scaleMax) / 2 + 0.02);
    }

    [Fact]
    public void RandomResized_PositionsAreSpreadOverTheValidOffsets()
    {
        var p = Draw(4000, 32, 32, new ViewAugmentation { CropScaleMin = 0.25, CropScaleMax = 0.25, CropRatioMin = 1, CropRatioMax = 1 }, 2);
        Assert.All(p.Boxes, b => Assert.Equal(16, b.Width));
        var lefts = p.Boxes.Select(b => (int)b.X0).ToArray();
        Assert.Equal(17, lefts.Distinct().Count());
        Assert.All(Enumerable.Range(0, 17), x => Assert.InRange(lefts.Count(l => l == x), 4000 / 17 * 0.7, 4000 / 17 * 1.3));
    }

    [Fact]
    public void RandomResized_WhenNoTryFits_FallsBackToTheCentreCropWithTheRatioClamped()
    {
        ReadOnlySpan<double> draws = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        // Ratio 4 on a square image: every try is wider than the image, so the centre crop of ratio 4 is used.
        var box = CropBox.RandomResized(32, 32, 1, 1, 4, 4, draws, draws, 0.3, 0.7);
        Assert.Equal(new CropBox(0, 12, 32, 20), box);
    }

    [Fact]
    public void RandomResized_FullScaleSquare_IsTheWholeImage() =>
        Assert.Equal(CropBox.Full(16, 16), CropBox.RandomResized(16, 16, 1, 1, 1, 1, [0.3], [0.9], 0.5, 0.5));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Draw_FlagRatesMatchTheirProbabilities(double probability)
    {
        var aug = new ViewAugmentation
        {
            FlipProbability = probability, JitterProbability = probability, GrayscaleProbability = probability,
            BlurProbability = probability, SolarizeProbability = probability,
        };
        var p = Draw(20000, 8, 8, aug, 3);
        foreach (var flags in new[] { p.Flip, p.Jitter, p.Grayscale, p.Blur, p.Solarize })
            Assert.InRange(flags.Count(f => f) / 20000.0, probability - 0.015, probability + 0.015);
    }

    [Fact]
    public void Draw_JitterFactorsFollowTorchvisionRanges_AndAllOrdersOccur()
    {
        var aug = new ViewAugmentation { Brightness = 0.4, Contrast = 1.5, Saturation = 0.2, Hue = 0.1 };
        var p = Draw(20000, 8, 8, aug, 4);
        Assert.InRange(p.Brightness.Min(), 0.6, 0.61);
        Assert.InRange(p.Brightness.Max(), 1.39, 1.4);
        Assert.InRange(p.Contrast.Min(), 0, 0.01); // max(0, 1 − 1.5)
        Assert.InRange(p.Contrast.Max(), 2.49, 2.5);
        Assert.InRange(p.Hue.Min(), -0.1, -0.099);
        Assert.InRange(p.Hue.Max(), 0.099, 0.1);
        Assert.InRange(p.BlurSigma.Min(), 0.1, 0.11);
        Assert.Equal(24, p.JitterOrder.Distinct().Count());
    }
}
