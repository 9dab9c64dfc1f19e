using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Copies images, masks and labels of an <see cref="IImageDataset"/> into tensors.</summary>
public static class DatasetTensors
{
    /// <summary>Images <paramref name="indices"/> as float [B, 3, H, W] in [0, 1] on <paramref name="device"/>.</summary>
    public static Tensor Images(IImageDataset dataset, IReadOnlyList<int> indices, Device device)
    {
        ImageTensors.RequireUniformSize(dataset);
        var size = dataset.Height * dataset.Width * 3;
        var bytes = new byte[indices.Count * size];
        for (var i = 0; i < indices.Count; i++) dataset.CopyImage(indices[i], bytes.AsSpan(i * size, size));
        using var scope = NewDisposeScope();
        return tensor(bytes, [indices.Count, dataset.Height, dataset.Width, 3]).to(device)
            .permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Object masks <paramref name="indices"/> as uint8 [B, H, W] (1 = object) on <paramref name="device"/>.</summary>
    public static Tensor Masks(IImageDataset dataset, IReadOnlyList<int> indices, Device device)
    {
        if (!dataset.HasMasks) throw new ArgumentException($"{dataset.Description} has no object masks");
        ImageTensors.RequireUniformSize(dataset);
        var size = dataset.Height * dataset.Width;
        var bytes = new byte[indices.Count * size];
        for (var i = 0; i < indices.Count; i++) dataset.CopyMask(indices[i], bytes.AsSpan(i * size, size));
        return tensor(bytes, [indices.Count, dataset.Height, dataset.Width]).to(device);
    }

    /// <summary>Labels as int64 [N]; throws when the data set is unlabeled.</summary>
    public static Tensor Labels(IImageDataset dataset, IReadOnlyList<int> indices)
    {
        if (dataset.NumClasses < 1) throw new ArgumentException($"{dataset.Description} is unlabeled; this protocol needs class labels");
        return tensor(indices.Select(i => (long)dataset.Label(i)).ToArray());
    }

    public static int[] All(IImageDataset dataset) => Enumerable.Range(0, dataset.Count).ToArray();

    /// <summary>Consecutive slices of <paramref name="indices"/> of at most <paramref name="batchSize"/>.</summary>
    public static IEnumerable<int[]> Batches(IReadOnlyList<int> indices, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        for (var start = 0; start < indices.Count; start += batchSize)
            yield return indices.Skip(start).Take(batchSize).ToArray();
    }
}
