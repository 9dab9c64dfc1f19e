using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>Named tensors read from or written to a checkpoint file, in file order. Owns its tensors: disposing the
/// state dict disposes them.</summary>
public sealed class StateDict : IDisposable
{
    private readonly List<string> order = [];
    private readonly Dictionary<string, Tensor> tensors = new(StringComparer.Ordinal);

    public int Count => order.Count;
    /// <summary>The run configuration stored with the weights (this engine's checkpoints); null otherwise.</summary>
    public Config.RunConfig? Config { get; set; }
    public IReadOnlyList<string> Keys => order;
    public Tensor this[string key] => tensors[key];

    public bool Contains(string key) => tensors.ContainsKey(key);

    public bool TryGet(string key, out Tensor tensor) => tensors.TryGetValue(key, out tensor!);

    /// <summary>Adds a tensor (detached from any dispose scope: the state dict owns it).</summary>
    public void Add(string key, Tensor tensor)
    {
        if (!tensors.TryAdd(key, tensor.DetachFromDisposeScope()))
            throw new ArgumentException($"the state dict already holds a tensor named '{key}'", nameof(key));
        order.Add(key);
    }

    /// <summary>The tensor under <paramref name="key"/>; a <see cref="CheckpointException"/> naming the key when absent.</summary>
    public Tensor Require(string key, WeightSource source) =>
        tensors.TryGetValue(key, out var t) ? t : throw source.Error($"the key '{key}' is missing");

    public IEnumerable<KeyValuePair<string, Tensor>> Entries() => order.Select(k => new KeyValuePair<string, Tensor>(k, tensors[k]));

    /// <summary>A new state dict with the entries whose key starts with <paramref name="prefix"/>, the prefix removed.
    /// The tensors are shared views: dispose only one of the two state dicts' tensors (this one).</summary>
    public Dictionary<string, Tensor> Section(string prefix) =>
        order.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..], k => tensors[k], StringComparer.Ordinal);

    public Dictionary<string, Tensor> ToDictionary() => order.ToDictionary(k => k, k => tensors[k], StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
        order.Clear();
    }
}
