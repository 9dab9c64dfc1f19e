using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

internal static class TensorShapes
{
    /// <summary>A shape as PyTorch prints it in messages, e.g. <c>[4, 3, 32, 32]</c>.</summary>
    public static string Shape(Tensor t) => Shape(t.shape);

    public static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
