using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>torchvision's ColorJitter per sample: brightness x·f, contrast f·x + (1 − f)·mean(gray(x)), saturation
/// f·x + (1 − f)·gray(x) (each clamped to [0, 1]) and a hue shift in HSV, applied in the sample's own random order.
/// Each of the four stages gathers, for every operation, the samples whose order puts it at that stage, so the batch
/// does the work of four full-batch operations.</summary>
public static class ColorJitter
{
    public enum Operation { Brightness, Contrast, Saturation, Hue }

    /// <summary>The 24 orders of the four operations, in lexicographic order.</summary>
    public static readonly IReadOnlyList<Operation[]> Orders = Permutations([Operation.Brightness, Operation.Contrast, Operation.Saturation, Operation.Hue]);

    /// <summary>Jitters the samples with <see cref="AugmentationParameters.Jitter"/> set; operations whose strength is
    /// zero (<paramref name="enabled"/> false) are skipped, as torchvision does.</summary>
    public static Tensor Apply(Tensor images, AugmentationParameters p, bool brightness, bool contrast, bool saturation, bool hue)
    {
        var enabled = new[] { brightness, contrast, saturation, hue };
        var x = images;
        for (var stage = 0; stage < 4; stage++)
        {
            foreach (var op in Enum.GetValues<Operation>())
            {
                if (!enabled[(int)op]) continue;
                var selected = Enumerable.Range(0, p.Count).Where(b => p.Jitter[b] && Orders[p.JitterOrder[b]][stage] == op).ToArray();
                x = BatchSubset.Apply(x, selected, (subset, indices) => op switch
                {
                    Operation.Brightness => AdjustBrightness(subset, BatchSubset.Factors(p.Brightness, indices, subset)),
                    Operation.Contrast => AdjustContrast(subset, BatchSubset.Factors(p.Contrast, indices, subset)),
                    Operation.Saturation => AdjustSaturation(subset, BatchSubset.Factors(p.Saturation, indices, subset)),
                    _ => AdjustHue(subset, BatchSubset.Factors(p.Hue, indices, subset)),
                });
            }
        }
        return x;
    }

    /// <param name="factor">(B, 1, 1, 1) or a scalar tensor.</param>
    public static Tensor AdjustBrightness(Tensor x, Tensor factor) => (x * factor).clamp(0, 1);

    public static Tensor AdjustContrast(Tensor x, Tensor factor)
    {
        var mean = ColorSpace.Gray(x).mean([1, 2, 3], keepdim: true);
        return (factor * x + (1 - factor) * mean).clamp(0, 1);
    }

    public static Tensor AdjustSaturation(Tensor x, Tensor factor) => (factor * x + (1 - factor) * ColorSpace.Gray(x)).clamp(0, 1);

    /// <param name="shift">Hue shift as a fraction of a turn, in [−0.5, 0.5].</param>
    public static Tensor AdjustHue(Tensor x, Tensor shift)
    {
        var hsv = ColorSpace.RgbToHsv(x).unbind(1);
        var hue = (hsv[0] + shift.view(-1, 1, 1)).remainder(1);
        return ColorSpace.HsvToRgb(stack([hue, hsv[1], hsv[2]], dim: 1));
    }

    private static List<Operation[]> Permutations(Operation[] items)
    {
        if (items.Length == 1) return [items];
        var result = new List<Operation[]>();
        for (var i = 0; i < items.Length; i++)
            foreach (var rest in Permutations([.. items[..i], .. items[(i + 1)..]]))
                result.Add([items[i], .. rest]);
        return result;
    }
}
