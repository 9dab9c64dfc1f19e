using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

/// <summary>Synthetic features with a known answer: one well-separated Gaussian cluster per class.</summary>
public static class FeatureClusters
{
    /// <returns>Features [classes × perClass, dim] and labels, shuffled.</returns>
    public static (Tensor Features, Tensor Labels) Make(int classes, int perClass, int dim, double spread, long seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var centres = randn(classes, dim, generator: generator).mul(3);
        var labels = arange(classes).repeat_interleave(perClass);
        var features = centres[labels] + randn(labels.shape[0], dim, generator: generator).mul(spread);
        var order = randperm(labels.shape[0], generator: generator);
        return (features[order].MoveToOuterDisposeScope(), labels[order].MoveToOuterDisposeScope());
    }

    public static Tensor Normalized(Tensor features) => nn.functional.normalize(features, dim: 1);
}
