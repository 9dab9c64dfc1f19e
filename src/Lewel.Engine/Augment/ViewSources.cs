using Lewel.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>The originals of one batch, grouped by size so that each group crops in one batched call: every group holds
/// (n, 3, h, w) float images in [0, 1] on the device and the batch positions they fill. A data set whose images share
/// one size gives one group in batch order.</summary>
public sealed class ViewSources : IDisposable
{
    public sealed record Group(Tensor Images, int[] Positions);

    private readonly (int Width, int Height)[] sizes;

    public ViewSources(IReadOnlyList<Group> groups)
    {
        Groups = groups;
        Count = groups.Sum(g => g.Positions.Length);
        sizes = new (int, int)[Count];
        var seen = new bool[Count];
        foreach (var group in groups)
        {
            if (group.Images.dim() != 4 || group.Images.shape[1] != 3 || group.Images.shape[0] != group.Positions.Length)
                throw new ArgumentException($"a group of {group.Positions.Length} needs a ({group.Positions.Length}, 3, H, W) batch, got ({string.Join(", ", group.Images.shape)})");
            if (!group.Images.is_floating_point()) throw new ArgumentException($"expected float images in [0, 1], got {group.Images.dtype}");
            foreach (var position in group.Positions)
            {
                if ((uint)position >= (uint)Count || seen[position])
                    throw new ArgumentException($"batch position {position} is out of range or in two groups (batch of {Count})");
                seen[position] = true;
                sizes[position] = ((int)group.Images.shape[3], (int)group.Images.shape[2]);
            }
        }
    }

    public IReadOnlyList<Group> Groups { get; }
    public int Count { get; }

    /// <summary>Width and height of each sample's original, in batch order.</summary>
    public IReadOnlyList<(int Width, int Height)> Sizes => sizes;

    /// <summary>A (B, 3, H, W) batch as one group.</summary>
    public static ViewSources Single(Tensor images01) => new([new Group(images01, Enumerable.Range(0, (int)images01.shape[0]).ToArray())]);

    /// <summary>Reads images <paramref name="indices"/> of <paramref name="dataset"/> (its originals, of any sizes) to
    /// <paramref name="device"/>, one group per size in order of first appearance.</summary>
    public static ViewSources Read(IImageDataset dataset, IReadOnlyList<int> indices, Device device)
    {
        var bySize = new Dictionary<(int Width, int Height), List<int>>();
        var order = new List<(int Width, int Height)>();
        for (var k = 0; k < indices.Count; k++)
        {
            var size = dataset.SizeOf(indices[k]);
            if (!bySize.TryGetValue(size, out var positions))
            {
                bySize[size] = positions = [];
                order.Add(size);
            }
            positions.Add(k);
        }
        var groups = new List<Group>(order.Count);
        try
        {
            foreach (var (width, height) in order)
            {
                var positions = bySize[(width, height)].ToArray();
                var bytes = ImageTensors.ReadImages(dataset, positions.Select(p => indices[p]).ToArray(), width, height);
                groups.Add(new Group(ImageTensors.FromBytes(bytes, positions.Length, height, width, device), positions));
            }
        }
        catch
        {
            foreach (var group in groups) group.Images.Dispose();
            throw;
        }
        return new ViewSources(groups);
    }

    /// <summary>Crops every sample's box out of its original to out × out (one call per group), in batch order.</summary>
    internal Tensor Crop(IReadOnlyList<CropBox> boxes, bool[] flips, string interpolation, int outHeight, int outWidth)
    {
        if (Groups.Count == 1 && Groups[0].Positions.Select((p, k) => p == k).All(x => x))
            return ResizedCrop.Apply(Groups[0].Images, boxes, flips, interpolation, outHeight, outWidth);
        using var scope = NewDisposeScope();
        var parts = Groups.Select(g => ResizedCrop.Apply(g.Images, g.Positions.Select(p => boxes[p]).ToArray(),
            g.Positions.Select(p => flips[p]).ToArray(), interpolation, outHeight, outWidth)).ToArray();
        var rowOf = new long[Count];
        var row = 0;
        foreach (var group in Groups)
            foreach (var position in group.Positions)
                rowOf[position] = row++;
        var stacked = cat(parts, 0);
        return stacked.index_select(0, tensor(rowOf, device: stacked.device)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var group in Groups) group.Images.Dispose();
    }
}
