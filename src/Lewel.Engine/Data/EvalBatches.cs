using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Data;

/// <summary>Walks a data set (or some of its images) in order for evaluation, keeping the last, smaller batch.</summary>
public static class EvalBatches
{
    public static IEnumerable<EvalBatch> Iterate(IImageDataset dataset, double[] mean, double[] std, int batchSize, Device device,
        IReadOnlyList<int>? indices = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (mean.Length != 3 || std.Length != 3 || std.Any(s => !(s > 0)))
            throw new ArgumentException($"normalisation needs 3 means and 3 positive standard deviations, got [{string.Join(", ", mean)}] and [{string.Join(", ", std)}]");
        indices ??= Enumerable.Range(0, dataset.Count).ToArray();
        foreach (var index in indices)
            if (index < 0 || index >= dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"{dataset.Description} has {dataset.Count} images");
        return IterateChecked(dataset, mean, std, batchSize, device, indices);
    }

    private static IEnumerable<EvalBatch> IterateChecked(IImageDataset dataset, double[] mean, double[] std, int batchSize, Device device,
        IReadOnlyList<int> indices)
    {
        for (var start = 0; start < indices.Count; start += batchSize)
        {
            var chunk = indices.Skip(start).Take(batchSize).ToArray();
            yield return Build(dataset, chunk, mean, std, device);
        }
    }

    private static EvalBatch Build(IImageDataset dataset, int[] chunk, double[] mean, double[] std, Device device)
    {
        using var scope = NewDisposeScope();
        var images = Augment.Normalization.Normalize(ImageTensors.FromDataset(dataset, chunk, device), mean, std);
        var labels = tensor(chunk.Select(i => (long)dataset.Label(i)).ToArray(), device: device);
        var masks = dataset.HasMasks ? ImageTensors.MasksFromDataset(dataset, chunk, device) : null;
        return new EvalBatch(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), masks?.DetachFromDisposeScope(), chunk);
    }
}
