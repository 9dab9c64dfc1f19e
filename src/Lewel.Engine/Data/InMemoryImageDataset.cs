namespace Lewel.Engine.Data;

/// <summary>An <see cref="IImageDataset"/> whose images (and optional masks) are held in memory, one array per image,
/// each with its own width and height. Every reader except STL-10's unlabeled split decodes into one of these.</summary>
public sealed class InMemoryImageDataset : IImageDataset
{
    private readonly byte[][] images;
    private readonly int[] labels;
    private readonly byte[][]? masks;
    private readonly (int Width, int Height)[] sizes;

    /// <param name="images">One H·W·3 RGB (HWC) array per image.</param>
    /// <param name="labels">One label per image, or -1 for unlabeled images.</param>
    /// <param name="masks">Null, or one H·W mask per image (1 = object).</param>
    public InMemoryImageDataset(string description, int height, int width, byte[][] images, int[] labels,
        IReadOnlyList<string> classNames, byte[][]? masks = null)
        : this(description, Enumerable.Repeat((width, height), images.Length).ToArray(), images, labels, classNames, masks, height, width)
    {
    }

    /// <summary>Images of differing sizes.</summary>
    /// <param name="sizes">Width and height of each image.</param>
    public InMemoryImageDataset(string description, (int Width, int Height)[] sizes, byte[][] images, int[] labels,
        IReadOnlyList<string> classNames, byte[][]? masks = null)
        : this(description, sizes, images, labels, classNames, masks,
            sizes.Length == 0 ? 1 : sizes.Max(s => s.Height), sizes.Length == 0 ? 1 : sizes.Max(s => s.Width))
    {
    }

    private InMemoryImageDataset(string description, (int Width, int Height)[] sizes, byte[][] images, int[] labels,
        IReadOnlyList<string> classNames, byte[][]? masks, int height, int width)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"{description}: image size {width}×{height} is not positive");
        if (sizes.Length != images.Length)
            throw new ArgumentException($"{description}: {images.Length} images but {sizes.Length} sizes");
        if (labels.Length != images.Length)
            throw new ArgumentException($"{description}: {images.Length} images but {labels.Length} labels");
        if (masks is not null && masks.Length != images.Length)
            throw new ArgumentException($"{description}: {images.Length} images but {masks.Length} masks");
        for (var i = 0; i < images.Length; i++)
        {
            var (w, h) = sizes[i];
            if (w <= 0 || h <= 0) throw new ArgumentException($"{description}: image {i} has size {w}×{h}, which is not positive");
            if (images[i].Length != w * h * 3)
                throw new ArgumentException($"{description}: image {i} has {images[i].Length} bytes, expected {w * h * 3} ({w}×{h}×3)");
            if (labels[i] != -1 && (labels[i] < 0 || labels[i] >= classNames.Count))
                throw new ArgumentException($"{description}: image {i} has label {labels[i]} but there are {classNames.Count} classes");
            if (masks is not null && masks[i].Length != w * h)
                throw new ArgumentException($"{description}: mask {i} has {masks[i].Length} bytes, expected {w * h}");
        }
        Description = description;
        Height = height;
        Width = width;
        UniformSize = sizes.All(s => s == (width, height));
        this.sizes = sizes;
        this.images = images;
        this.labels = labels;
        this.masks = masks;
        ClassNames = classNames;
    }

    public string Description { get; }
    public int Count => images.Length;
    public int Height { get; }
    public int Width { get; }
    public bool UniformSize { get; }
    public int NumClasses => ClassNames.Count;
    public IReadOnlyList<string> ClassNames { get; }
    public bool HasMasks => masks is not null;

    public (int Width, int Height) SizeOf(int index) => sizes[CheckIndex(index)];

    public void CopyImage(int index, Span<byte> destination) => images[CheckIndex(index)].CopyTo(destination);

    public int Label(int index) => labels[CheckIndex(index)];

    public void CopyMask(int index, Span<byte> destination)
    {
        if (masks is null) throw new InvalidOperationException($"{Description} has no object masks");
        masks[CheckIndex(index)].CopyTo(destination);
    }

    private int CheckIndex(int index) =>
        (uint)index < (uint)images.Length ? index
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"{Description} has {images.Length} images");
}
