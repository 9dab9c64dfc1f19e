using SkiaSharp;

namespace Lewel.Engine.Data;

/// <summary>The originals the training crops are cut from. An image keeps its own size when its shorter side is at least
/// the run's size and its longer side at most <c>maxSide</c>; a larger one is scaled down whole (aspect kept) until its
/// longer side is <c>maxSide</c>. An image whose shorter side is below the run's size (Fashion-MNIST's 28 px at 32), or
/// would fall below it once capped, is stored as the evaluation transform gives it (shorter side to the run's size,
/// centre crop), so such sets crop exactly as they did from their resized copies.</summary>
public static class SourceImages
{
    /// <summary>The cap when the run sets none: four times the run's size.</summary>
    public const int DefaultSideFactor = 4;

    public static int DefaultMaxSide(int size) => DefaultSideFactor * size;

    /// <summary>What happens to a <paramref name="width"/>×<paramref name="height"/> image: kept, scaled whole to
    /// (Width, Height), or (with <c>EvalCrop</c>) resized and centre-cropped to size×size.</summary>
    public static (int Width, int Height, bool EvalCrop) Plan(int width, int height, int size, int maxSide)
    {
        if (Math.Min(width, height) < size) return (size, size, true);
        var longer = Math.Max(width, height);
        if (longer <= maxSide) return (width, height, false);
        var scale = (double)maxSide / longer;
        int w = width >= height ? maxSide : (int)Math.Round(width * scale), h = height > width ? maxSide : (int)Math.Round(height * scale);
        return Math.Min(w, h) < size ? (size, size, true) : (w, h, false);
    }

    /// <summary>RGB of a decoded image brought to its <see cref="Plan"/>.</summary>
    public static (byte[] Rgb, int Width, int Height) FromBitmap(SKBitmap bitmap, int size, int maxSide)
    {
        var (w, h, evalCrop) = Plan(bitmap.Width, bitmap.Height, size, maxSide);
        return (evalCrop ? ImageResizing.ResizeAndCrop(bitmap, size) : ImageResizing.Scale(bitmap, w, h), w, h);
    }

    /// <summary>The data set's originals for a run at <paramref name="size"/>: the data set itself when every image keeps its
    /// size, otherwise a copy (in memory when the source is, converted on access when it is read from disk).</summary>
    public static IImageDataset Prepare(IImageDataset dataset, int size, int maxSide)
    {
        if (maxSide < size) throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, $"the originals' longest side must be at least the image size {size}");
        if (Enumerable.Range(0, dataset.Count).All(i => Keeps(dataset.SizeOf(i), size, maxSide))) return dataset;
        if (dataset is not InMemoryImageDataset) return new PlannedImageDataset(dataset, size, maxSide);
        var images = new byte[dataset.Count][];
        var masks = dataset.HasMasks ? new byte[dataset.Count][] : null;
        var sizes = new (int Width, int Height)[dataset.Count];
        var labels = new int[dataset.Count];
        Parallel.For(0, dataset.Count, i =>
        {
            var (image, mask, imageSize) = Convert(dataset, i, size, maxSide);
            (images[i], sizes[i]) = (image, imageSize);
            if (masks is not null) masks[i] = mask!;
            labels[i] = dataset.Label(i);
        });
        return new InMemoryImageDataset($"{dataset.Description} originals capped at {maxSide}", sizes, images, labels, dataset.ClassNames, masks);
    }

    /// <summary>True when every original would be its size×size evaluation copy (images already at the run's size, or
    /// smaller ones, which are stored resized and centre-cropped), so the evaluation split can serve as the originals.</summary>
    public static bool AreEvaluationCopies(IImageDataset dataset, int size, int maxSide) =>
        Enumerable.Range(0, dataset.Count).All(i => dataset.SizeOf(i) is var (w, h) && Plan(w, h, size, maxSide) is (var pw, var ph, var evalCrop)
            && (evalCrop || (pw, ph) == (size, size)));

    private static bool Keeps((int Width, int Height) s, int size, int maxSide) => Plan(s.Width, s.Height, size, maxSide) is (var w, var h, false) && (w, h) == s;

    private static (byte[] Image, byte[]? Mask, (int Width, int Height) Size) Convert(IImageDataset dataset, int index, int size, int maxSide)
    {
        var (width, height) = dataset.SizeOf(index);
        var (w, h, evalCrop) = Plan(width, height, size, maxSide);
        var rgb = new byte[width * height * 3];
        dataset.CopyImage(index, rgb);
        var image = evalCrop ? ImageResizing.ResizeAndCrop(rgb, width, height, size) : ImageResizing.Scale(rgb, width, height, w, h);
        byte[]? mask = null;
        if (dataset.HasMasks)
        {
            var source = new byte[width * height];
            dataset.CopyMask(index, source);
            mask = evalCrop ? ImageResizing.ResizeAndCropMask(source, width, height, size) : ImageResizing.ScaleMask(source, width, height, w, h);
        }
        return (image, mask, (w, h));
    }

    private sealed class PlannedImageDataset : IImageDataset
    {
        private readonly IImageDataset source;
        private readonly int size;
        private readonly int maxSide;
        private readonly (int Width, int Height)[] sizes;

        public PlannedImageDataset(IImageDataset source, int size, int maxSide)
        {
            (this.source, this.size, this.maxSide) = (source, size, maxSide);
            sizes = Enumerable.Range(0, source.Count).Select(i => source.SizeOf(i))
                .Select(s => Plan(s.Width, s.Height, size, maxSide) is var (w, h, _) ? (w, h) : s).ToArray();
            Height = sizes.Length == 0 ? size : sizes.Max(s => s.Height);
            Width = sizes.Length == 0 ? size : sizes.Max(s => s.Width);
            UniformSize = sizes.All(s => s == (Width, Height));
            Description = $"{source.Description} originals capped at {maxSide}";
        }

        public string Description { get; }
        public int Count => source.Count;
        public int Height { get; }
        public int Width { get; }
        public bool UniformSize { get; }
        public (int Width, int Height) SizeOf(int index) => sizes[index];
        public int NumClasses => source.NumClasses;
        public IReadOnlyList<string> ClassNames => source.ClassNames;
        public bool HasMasks => source.HasMasks;
        public int Label(int index) => source.Label(index);
        public void CopyImage(int index, Span<byte> destination) => Convert(source, index, size, maxSide).Image.CopyTo(destination);

        public void CopyMask(int index, Span<byte> destination) =>
            (Convert(source, index, size, maxSide).Mask ?? throw new InvalidOperationException($"{Description} has no object masks")).CopyTo(destination);
    }
}
