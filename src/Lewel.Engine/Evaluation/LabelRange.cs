using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

internal static class LabelRange
{
    /// <summary>Throws unless every label lies in [0, <paramref name="numClasses"/>).</summary>
    public static void Check(Tensor labels, int numClasses, string what)
    {
        if (labels.numel() == 0) return;
        using var scope = NewDisposeScope();
        var asLong = labels.to_type(ScalarType.Int64);
        var min = asLong.min().item<long>();
        var max = asLong.max().item<long>();
        if (min < 0 || max >= numClasses)
            throw new ArgumentException($"{what} must lie in [0, {numClasses}); found values from {min} to {max}" +
                (min < 0 ? " (is the data set unlabeled?)" : ""));
    }
}
