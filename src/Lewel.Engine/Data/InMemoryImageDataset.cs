namespace Lewel.Engine.Data;

/// <summary>An <see cref="IImageDataset"/> whose images (and optional masks) are held in memory, one array per image.
/// Every reader except STL-10's unlabeled split decodes into one of these.</summary>
public sealed class InMemoryImageDataset : IImageDataset
{
    private readonly byte[][] images;
    private readonly int[] labels;
    private readonly byte[][]? masks;

    /// <param name="images">One H·W·3 RGB (HWC) array per image.</param>
    /// <param name="labels">One label per image, or -1 for unlabeled images.</param>
    /// <param name="masks">Null, or one H·W mask per image (1 = object).</param>
    public InMemoryImageDataset(string description, int height, int width, byte[][] images, int[] labels,
        IReadOnlyList<string> classNames, byte[][]? masks = null)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"{description}: image size {width}×{height} is not positive");
        if (labels.Length != images.Length)
            throw new ArgumentException($"{description}: {images.Length} images but {labels.Length} labels");
        if (masks is not null && masks.Length != images.Length)
            throw new ArgumentException($"{description}: {images.Length} images but {masks.Length} masks");
        var imageBytes = height * width * 3;
        for (var i = 0; i < images.Length; i++)
        {
            if (images[i].Length != imageBytes)
                throw new ArgumentException($"{description}: image {i} has {images[i].Length} bytes, expected {imageBytes} ({width}×{height}×3)");
            if (labels[i] != -1 && (labels[i] < 0 || labels[i] >= classNames.Count))
                throw new ArgumentException($"{description}: image {i} has label {labels[i]} but there are {classNames.Count} classes");
            if (masks is not null && masks[i].Length != height * width)
                throw new ArgumentException($"{description}: mask {i} has {masks[i].Length} bytes, expected {height * width}");
        }
        Description = description;
        Height = height;
        Width = width;
        this.images = images;
        this.labels = labels;
        this.masks = masks;
        ClassNames = classNames;
    }

    public string Description { get; }
    public int Count => images.Length;
    public int Height { get; }
    public int Width { get; }
    public int NumClasses => ClassNames.Count;
    public IReadOnlyList<string> ClassNames { get; }
    public bool HasMasks => masks is not null;

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
