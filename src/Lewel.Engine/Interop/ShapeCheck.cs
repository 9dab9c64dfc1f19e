using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>Compares a state dict with the keys and shapes a module expects, and says precisely what differs.</summary>
public static class ShapeCheck
{
    private const int MaxListed = 12;

    /// <summary>Throws a <see cref="CheckpointException"/> naming every missing key, unexpected key and shape mismatch.
    /// <c>num_batches_tracked</c> may be absent (older checkpoints) and may be [] or [1].</summary>
    public static void Exact(IReadOnlyDictionary<string, Tensor> actual, IEnumerable<(string Key, long[] Shape)> expected,
        WeightSource source, string what)
    {
        var problems = new List<string>();
        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, shape) in expected)
        {
            expectedKeys.Add(key);
            var optional = key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);
            if (!actual.TryGetValue(key, out var tensor))
            {
                if (!optional) problems.Add($"missing key '{key}' (expected shape {Format(shape)})");
                continue;
            }
            if (optional ? tensor.numel() != 1 : !tensor.shape.SequenceEqual(shape))
                problems.Add($"key '{key}' has shape {Format(tensor.shape)} but {Format(shape)} is expected");
        }
        problems.AddRange(actual.Keys.Where(k => !expectedKeys.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"unexpected key '{k}'"));
        if (problems.Count == 0) return;
        var listed = string.Join("; ", problems.Take(MaxListed));
        var more = problems.Count > MaxListed ? $"; and {problems.Count - MaxListed} more" : "";
        throw source.Error($"the weights do not fit {what}: {listed}{more}");
    }

    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
