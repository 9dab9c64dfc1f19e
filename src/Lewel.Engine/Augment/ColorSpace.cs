using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Colour conversions on (B, 3, H, W) batches with values in [0, 1].</summary>
public static class ColorSpace
{
    /// <summary>Luma with torchvision's weights (0.2989, 0.587, 0.114): (B, 1, H, W).</summary>
    public static Tensor Gray(Tensor rgb)
    {
        var channels = rgb.unbind(1);
        return (channels[0] * 0.2989 + channels[1] * 0.587 + channels[2] * 0.114).unsqueeze(1);
    }

    /// <summary>RGB → HSV, each in [0, 1] (hue as a fraction of a turn; 0 for grays).</summary>
    public static Tensor RgbToHsv(Tensor rgb)
    {
        var c = rgb.unbind(1);
        Tensor r = c[0], g = c[1], b = c[2];
        var max = rgb.amax([1]);
        var min = rgb.amin([1]);
        var chroma = max - min;
        var gray = chroma.eq(0);
        var safeChroma = chroma.masked_fill(gray, 1);
        var saturation = chroma / max.masked_fill(max.eq(0), 1);
        // Hue in sextants: between green and blue when red is the maximum, and so on.
        var hueRed = ((g - b) / safeChroma).remainder(6);
        var hueGreen = (b - r) / safeChroma + 2;
        var hueBlue = (r - g) / safeChroma + 4;
        var hue = where(max.eq(r), hueRed, where(max.eq(g), hueGreen, hueBlue)) / 6;
        hue = hue.masked_fill(gray, 0);
        return stack([hue, saturation, max], dim: 1);
    }

    /// <summary>HSV → RGB: channel n ∈ {R: 5, G: 3, B: 1} is v − v·s·clamp(min(k, 4 − k), 0, 1) with k = (n + 6h) mod 6.</summary>
    public static Tensor HsvToRgb(Tensor hsv)
    {
        var c = hsv.unbind(1);
        Tensor h = c[0], s = c[1], v = c[2];
        Tensor Channel(double n)
        {
            var k = (h * 6 + n).remainder(6);
            return v - v * s * minimum(k, 4 - k).clamp(0, 1);
        }
        return stack([Channel(5), Channel(3), Channel(1)], dim: 1);
    }
}
