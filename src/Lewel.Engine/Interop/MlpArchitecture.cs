using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>LEWEL's MLP1D (Conv1d k=1 no bias → BatchNorm1d → ReLU → Conv1d k=1 no bias, lewel-method.md §3) as its
/// state dict names it: <c>mlp.0.weight</c> [hidden, in, 1], <c>mlp.1.*</c> [hidden], <c>mlp.3.weight</c> [out, hidden, 1].</summary>
public sealed record MlpArchitecture(int In, int Hidden, int Out)
{
    public IEnumerable<(string Key, long[] Shape)> ExpectedShapes(string prefix)
    {
        yield return (prefix + "mlp.0.weight", [Hidden, In, 1]);
        foreach (var name in new[] { "weight", "bias", "running_mean", "running_var" })
            yield return ($"{prefix}mlp.1.{name}", [Hidden]);
        yield return (prefix + "mlp.1.num_batches_tracked", []);
        yield return (prefix + "mlp.3.weight", [Out, Hidden, 1]);
    }

    /// <summary>Reads the sizes from <c>{prefix}mlp.0.weight</c> and <c>{prefix}mlp.3.weight</c>.</summary>
    public static MlpArchitecture Infer(IReadOnlyDictionary<string, Tensor> weights, string prefix, WeightSource source)
    {
        var first = Require(weights, prefix + "mlp.0.weight", source);
        var last = Require(weights, prefix + "mlp.3.weight", source);
        if (first.dim() != 3 || first.shape[2] != 1 || last.dim() != 3 || last.shape[2] != 1 || last.shape[1] != first.shape[0])
            throw source.Error($"'{prefix}mlp.0.weight' {ShapeCheck.Format(first.shape)} and '{prefix}mlp.3.weight' " +
                $"{ShapeCheck.Format(last.shape)} are not an MLP1D's [hidden, in, 1] and [out, hidden, 1]");
        return new MlpArchitecture((int)first.shape[1], (int)first.shape[0], (int)last.shape[0]);
    }

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> d, string key, WeightSource source) =>
        d.TryGetValue(key, out var t) ? t : throw source.Error($"the key '{key}' is missing");
}
