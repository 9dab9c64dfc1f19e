namespace Lewel.Engine.Data;

/// <summary>The test images whose alignment maps a run snapshots: indices into the test split (by default the first 8).</summary>
public sealed record ProbeSet(IReadOnlyList<int> Indices)
{
    public const int DefaultCount = 8;

    public static ProbeSet Default(IImageDataset test) => new(Enumerable.Range(0, Math.Min(DefaultCount, test.Count)).ToArray());

    /// <summary>Checks <paramref name="indices"/> against the test split; an empty list means the default.</summary>
    public static ProbeSet Resolve(IImageDataset test, IReadOnlyList<int>? indices)
    {
        if (indices is null || indices.Count == 0) return Default(test);
        foreach (var index in indices)
            if (index < 0 || index >= test.Count)
                throw new DatasetException($"Probe index {index} is outside the test split ({test.Description} has {test.Count} images)");
        return new ProbeSet(indices.ToArray());
    }
}
