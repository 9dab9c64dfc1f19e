using Lewel.Engine.Rendering;
using SkiaSharp;

namespace Lewel.Engine.Data;

/// <summary>Brings images to a square side: the shorter side is scaled to <c>size</c> (Catmull–Rom cubic when enlarging,
/// linear with mipmaps when shrinking, pixels copied as they are at scale 1), then the centre is cropped. This is the
/// evaluation transform (torchvision's Resize + CenterCrop); <see cref="Scale(SKBitmap, int, int)"/> scales a whole image
/// without cropping (<see cref="SourceImages"/>). Masks follow the same geometry by nearest neighbour.</summary>
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

    /// <summary>Draws the whole of <paramref name="source"/> scaled to <paramref name="width"/>×<paramref name="height"/>
    /// (no crop; linear with mipmaps when shrinking, Catmull–Rom when enlarging).</summary>
    public static byte[] Scale(SKBitmap source, int width, int height)
    {
        if (source.Width == width && source.Height == height) return ImageCanvas.RgbFromBitmap(source);
        using var target = new ImageCanvas(width, height, SKColors.Black);
        using var image = SKImage.FromBitmap(source);
        var enlarging = width > source.Width || height > source.Height;
        target.Canvas.DrawImage(image, SKRect.Create(0, 0, width, height), enlarging ? Enlarge : Shrink);
        return target.ToRgb();
    }

    public static byte[] Scale(ReadOnlySpan<byte> rgb, int width, int height, int targetWidth, int targetHeight)
    {
        if (width == targetWidth && height == targetHeight) return rgb.ToArray();
        using var bitmap = ImageCanvas.BitmapFromRgb(rgb, width, height);
        return Scale(bitmap, targetWidth, targetHeight);
    }

    /// <summary>A mask scaled whole to the target size by nearest neighbour (pixel centres), as <see cref="Scale(SKBitmap, int, int)"/> scales its image.</summary>
    public static byte[] ScaleMask(ReadOnlySpan<byte> mask, int width, int height, int targetWidth, int targetHeight)
    {
        if (width == targetWidth && height == targetHeight) return mask.ToArray();
        var result = new byte[targetWidth * targetHeight];
        for (var y = 0; y < targetHeight; y++)
        {
            var sy = Math.Clamp((int)Math.Floor((y + 0.5) * height / targetHeight), 0, height - 1);
            for (var x = 0; x < targetWidth; x++)
                result[y * targetWidth + x] = mask[sy * width + Math.Clamp((int)Math.Floor((x + 0.5) * width / targetWidth), 0, width - 1)];
        }
        return result;
    }

    /// <summary>The data set at size×size (the evaluation transform: shorter side to <paramref name="size"/>, centre
    /// crop), computed from each image at its own size: materialised in memory when the source is, resized on access
    /// otherwise. Returns the data set itself when every image already has that size.</summary>
    public static IImageDataset Resize(IImageDataset dataset, int size)
    {
        if (dataset.UniformSize && dataset.Width == size && dataset.Height == size) return dataset;
        if (dataset is not InMemoryImageDataset) return new ResizedImageDataset(dataset, size);
        var images = new byte[dataset.Count][];
        var masks = dataset.HasMasks ? new byte[dataset.Count][] : null;
        var labels = new int[dataset.Count];
        Parallel.For(0, dataset.Count, i =>
        {
            var (width, height) = dataset.SizeOf(i);
            var buffer = new byte[width * height * 3];
            dataset.CopyImage(i, buffer);
            images[i] = ResizeAndCrop(buffer, width, height, size);
            if (masks is not null)
            {
                var mask = new byte[width * height];
                dataset.CopyMask(i, mask);
                masks[i] = ResizeAndCropMask(mask, width, height, size);
            }
            labels[i] = dataset.Label(i);
        });
        return new InMemoryImageDataset($"{dataset.Description} resized to {size}", size, size, images, labels, dataset.ClassNames, masks);
    }

    /// <summary>Where a rectangle [x0, y0, x1, y1] of a <paramref name="width"/>×<paramref name="height"/> original lies in
    /// its size×size evaluation copy (<see cref="ResizeAndCrop(SKBitmap, int)"/>); it may reach past the copy's edges.</summary>
    public static float[] ToEvalPixels(ReadOnlySpan<float> box, int width, int height, int size)
    {
        var (scale, left, top) = Geometry(width, height, size);
        return [(float)(box[0] * scale - left), (float)(box[1] * scale - top), (float)(box[2] * scale - left), (float)(box[3] * scale - top)];
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
            var (width, height) = source.SizeOf(index);
            var buffer = new byte[height * width * 3];
            source.CopyImage(index, buffer);
            ResizeAndCrop(buffer, width, height, size).CopyTo(destination);
        }

        public void CopyMask(int index, Span<byte> destination)
        {
            var (width, height) = source.SizeOf(index);
            var buffer = new byte[height * width];
            source.CopyMask(index, buffer);
            ResizeAndCropMask(buffer, width, height, size).CopyTo(destination);
        }
    }
}
