using System.Globalization;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Per-channel mean and standard deviation on the [0, 1] scale that a network's inputs are normalised with.</summary>
public sealed record InputNormalization(double[] Mean, double[] Std)
{
    public static readonly InputNormalization ImageNet = new([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);

    /// <summary>(x − mean) / std per channel of [B, 3, H, W] images in [0, 1].</summary>
    public Tensor Apply(Tensor images)
    {
        if (Mean.Length != 3 || Std.Length != 3 || Std.Any(s => !(s > 0)))
            throw new ArgumentException($"normalisation needs 3 means and 3 positive standard deviations; got mean {Describe()}");
        using var scope = NewDisposeScope();
        var mean = tensor(Mean.Select(m => (float)m).ToArray(), device: images.device).view(1, 3, 1, 1);
        var std = tensor(Std.Select(s => (float)s).ToArray(), device: images.device).view(1, 3, 1, 1);
        return images.sub(mean).div(std).MoveToOuterDisposeScope();
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"mean ({string.Join(", ", Mean.Select(m => m.ToString("0.####", CultureInfo.InvariantCulture)))}), " +
        $"std ({string.Join(", ", Std.Select(s => s.ToString("0.####", CultureInfo.InvariantCulture)))})");
}
