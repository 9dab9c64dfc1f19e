using Lewel.Engine.Rendering;
using SkiaSharp;

namespace Lewel.Engine.Data;

/// <summary>Brings images to a square side: the shorter side is scaled to <c>size</c> (Catmull–Rom cubic when enlarging,
/// linear with mipmaps when shrinking, pixels copied as they are at scale 1), then the centre is cropped. Masks follow the same geometry by nearest neighbour.</summary>
public static class ImageResizing
{
    private static readonly SKSamplingOptions Enlarge = new(SKCubicResampler.CatmullRom);
    private static readonly SKSamplingOptions Copy = new(SKFilterMode.Nearest, SKMipmapMode.None);
    private static readonly SKSamplingOptions Shrink = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Draws <paramref name="source"/> resized and centre-cropped into a new size×size RGB image.</summary>
    public static byte[] ResizeAndCrop(SKBitmap source, int size)
    {
        var (scale, left, top) = Geometry(source.Width, source.Height, size);
        using var target = new ImageCanvas(size, size, SKColors.Black);
        using var image = SKImage.FromBitmap(source);
        var destination = SKRect.Create(-left, -top, (float)(source.Width * scale), (float)(source.Height * scale));
        target.Canvas.DrawImage(image, destination, scale > 1 ? Enlarge : scale < 1 ? Shrink : Copy);
        return target.ToRgb();
    }

    public static byte[] ResizeAndCrop(ReadOnlySpan<byte> rgb, int width, int height, int size)
    {
        if (width == size && height == size) return rgb.ToArray();
        using var bitmap = ImageCanvas.BitmapFromRgb(rgb, width, height);
        return ResizeAndCrop(bitmap, size);
    }

    public static byte[] ResizeAndCropMask(ReadOnlySpan<byte> mask, int width, int height, int size)
    {
        var (scale, left, top) = Geometry(width, height, size);
        var result = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            var sy = Math.Clamp((int)Math.Floor((y + top + 0.5) / scale), 0, height - 1);
            for (var x = 0; x < size; x++)
            {
                var sx = Math.Clamp((int)Math.Floor((x + left + 0.5) / scale), 0, width - 1);
                result[y * size + x] = mask[sy * width + sx];
            }
        }
        return result;
    }

    /// <summary>The data set at size×size: materialised in memory when the source is, resized on access otherwise.
    /// Returns the data set itself when it already has that size.</summary>
    public static IImageDataset Resize(IImageDataset dataset, int size)
    {
        if (dataset.Width == size && dataset.Height == size) return dataset;
        if (dataset is not InMemoryImageDataset) return new ResizedImageDataset(dataset, size);
        var images = new byte[dataset.Count][];
        var masks = dataset.HasMasks ? new byte[dataset.Count][] : null;
        var labels = new int[dataset.Count];
        Parallel.For(0, dataset.Count, () => (new byte[dataset.Height * dataset.Width * 3], new byte[dataset.Height * dataset.Width]),
            (i, _, buffers) =>
            {
                dataset.CopyImage(i, buffers.Item1);
                images[i] = ResizeAndCrop(buffers.Item1, dataset.Width, dataset.Height, size);
                if (masks is not null)
                {
                    dataset.CopyMask(i, buffers.Item2);
                    masks[i] = ResizeAndCropMask(buffers.Item2, dataset.Width, dataset.Height, size);
                }
                labels[i] = dataset.Label(i);
                return buffers;
            }, _ => { });
        return new InMemoryImageDataset($"{dataset.Description} resized to {size}", size, size, images, labels, dataset.ClassNames, masks);
    }

    /// <summary>Scale and the crop's offset in the scaled image; at scale 1 the offset is whole pixels.</summary>
    private static (double Scale, float Left, float Top) Geometry(int width, int height, int size)
    {
        var scale = (double)size / Math.Min(width, height);
        float left = (float)((width * scale - size) / 2), top = (float)((height * scale - size) / 2);
        return scale == 1 ? (scale, MathF.Floor(left), MathF.Floor(top)) : (scale, left, top);
    }

    private sealed class ResizedImageDataset(IImageDataset source, int size) : IImageDataset
    {
        public string Description { get; } = $"{source.Description} resized to {size}";
        public int Count => source.Count;
        public int Height => size;
        public int Width => size;
        public int NumClasses => source.NumClasses;
        public IReadOnlyList<string> ClassNames => source.ClassNames;
        public bool HasMasks => source.HasMasks;
        public int Label(int index) => source.Label(index);

        public void CopyImage(int index, Span<byte> destination)
        {
            var buffer = new byte[source.Height * source.Width * 3];
            source.CopyImage(index, buffer);
            ResizeAndCrop(buffer, source.Width, source.Height, size).CopyTo(destination);
        }

        public void CopyMask(int index, Span<byte> destination)
        {
            var buffer = new byte[source.Height * source.Width];
            source.CopyMask(index, buffer);
            ResizeAndCropMask(buffer, source.Width, source.Height, size).CopyTo(destination);
        }
    }
}
