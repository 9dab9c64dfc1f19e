using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

public class ColorJitterTests
{
    /// <summary>A 1×2 image: pixel A = (0.2, 0.5, 0.9), pixel B = (0.8, 0.4, 0.0).</summary>
    private static Tensor TwoPixels() => tensor(new float[] { 0.2f, 0.8f, 0.5f, 0.4f, 0.9f, 0.0f }).view(1, 3, 1, 2);

    [Fact]
    public void AdjustBrightness_ScalesAndClamps()
    {
        using var result = ColorJitter.AdjustBrightness(TwoPixels(), tensor(1.5f));
        AssertClose(tensor(new float[] { 0.3f, 1.0f, 0.75f, 0.6f, 1.0f, 0.0f }).view(1, 3, 1, 2), result);
    }

    [Fact]
    public void AdjustContrast_BlendsWithTheMeanGray()
    {
        // gray(A) = 0.2989·0.2 + 0.587·0.5 + 0.114·0.9 = 0.45588; gray(B) = 0.2989·0.8 + 0.587·0.4 = 0.47392; mean 0.4649.
        const float mean = 0.4649f, f = 0.5f;
        using var result = ColorJitter.AdjustContrast(TwoPixels(), tensor(f));
        float Blend(float v) => f * v + (1 - f) * mean;
        AssertClose(tensor(new[] { Blend(0.2f), Blend(0.8f), Blend(0.5f), Blend(0.4f), Blend(0.9f), Blend(0.0f) }).view(1, 3, 1, 2), result);
    }

    [Fact]
    public void AdjustSaturation_BlendsEachPixelWithItsOwnGray()
    {
        const float grayA = 0.45588f, grayB = 0.47392f, f = 2f;
        float Blend(float v, float g) => Math.Clamp(f * v + (1 - f) * g, 0, 1);
        using var result = ColorJitter.AdjustSaturation(TwoPixels(), tensor(f));
        AssertClose(tensor(new[] { Blend(0.2f, grayA), Blend(0.8f, grayB), Blend(0.5f, grayA), Blend(0.4f, grayB), Blend(0.9f, grayA), Blend(0.0f, grayB) }).view(1, 3, 1, 2), result);
    }

    [Fact]
    public void AdjustHue_RotatesTheColourWheel()
    {
        // (1, 0.5, 0) is hue 1/12; shifted by ½ it becomes 7/12, i.e. (0, 0.5, 1). Pure red shifted by ⅓ is pure green.
        using var orange = tensor(new float[] { 1, 0.5f, 0 }).view(1, 3, 1, 1);
        AssertClose(tensor(new float[] { 0, 0.5f, 1 }).view(1, 3, 1, 1), ColorJitter.AdjustHue(orange, tensor(0.5f)));
        using var red = tensor(new float[] { 1, 0, 0 }).view(1, 3, 1, 1);
        AssertClose(tensor(new float[] { 0, 1, 0 }).view(1, 3, 1, 1), ColorJitter.AdjustHue(red, tensor(1f / 3)));
        using var gray = tensor(new float[] { 0.4f, 0.4f, 0.4f }).view(1, 3, 1, 1);
        AssertClose(gray, ColorJitter.AdjustHue(gray, tensor(0.3f)));
    }

    [Fact]
    public void HsvRoundTrip_ReturnsTheRgbInput()
    {
        using var images = RandomImages(4, 8, 5);
        using var hsv = ColorSpace.RgbToHsv(images);
        AssertClose(images, ColorSpace.HsvToRgb(hsv), 1e-5);
        Assert.True(hsv.min().item<float>() >= 0 && hsv.max().item<float>() <= 1);
    }

    [Fact]
    public void Apply_UsesEachSamplesOwnOrder()
    {
        // 24 copies of one image, sample b jittered with order b: each must equal the four operations applied in that order.
        var aug = new ViewAugmentation { Brightness = 0.5, Contrast = 0.5, Saturation = 0.5, Hue = 0.2, JitterProbability = 1 };
        var u = new double[24 * AugmentationParameters.DrawsPerSample];
        for (var b = 0; b < 24; b++)
        {
            var row = u.AsSpan(b * AugmentationParameters.DrawsPerSample);
            row.Fill(0.3);
            row[2 * AugmentationParameters.CropAttempts + 4] = 0.9; // brightness 1.4
            row[2 * AugmentationParameters.CropAttempts + 5] = 0.1; // contrast 0.6
            row[2 * AugmentationParameters.CropAttempts + 6] = 0.8; // saturation 1.3
            row[2 * AugmentationParameters.CropAttempts + 7] = 0.95; // hue +0.18
            row[2 * AugmentationParameters.CropAttempts + 8] = (b + 0.5) / 24;
        }
        var p = AugmentationParameters.FromUniforms(u, 24, 8, 8, aug);
        using var one = RandomImages(1, 8, 6);
        using var batch = one.expand(24, -1, -1, -1).contiguous();
        using var result = ColorJitter.Apply(batch, p, true, true, true, true);
        var distinct = new HashSet<string>();
        for (var b = 0; b < 24; b++)
        {
            Assert.Equal(b, p.JitterOrder[b]);
            var expected = one;
            foreach (var op in ColorJitter.Orders[b])
                expected = op switch
                {
                    ColorJitter.Operation.Brightness => ColorJitter.AdjustBrightness(expected, tensor((float)p.Brightness[b])),
                    ColorJitter.Operation.Contrast => ColorJitter.AdjustContrast(expected, tensor((float)p.Contrast[b])),
                    ColorJitter.Operation.Saturation => ColorJitter.AdjustSaturation(expected, tensor((float)p.Saturation[b])),
                    _ => ColorJitter.AdjustHue(expected, tensor((float)p.Hue[b])),
                };
            AssertClose(expected, result[b].unsqueeze(0), 1e-5);
            distinct.Add(string.Join(",", Values(result[b]).Select(v => v.ToString("F4"))));
        }
        Assert.True(distinct.Count > 12, $"only {distinct.Count} different results from 24 orders");
    }

    [Fact]
    public void Apply_LeavesSamplesWithoutJitterUntouched()
    {
        var aug = new ViewAugmentation { JitterProbability = 0.5 };
        var p = AugmentationParameters.Draw(40, 8, 8, aug, new Generator(7));
        using var images = RandomImages(40, 8, 7);
        using var result = ColorJitter.Apply(images, p, true, true, true, true);
        for (var b = 0; b < 40; b++)
        {
            var same = (result[b] - images[b]).abs().max().item<float>() == 0;
            Assert.Equal(!p.Jitter[b], same);
        }
    }
}
