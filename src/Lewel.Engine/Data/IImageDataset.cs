namespace Lewel.Engine.Data;

/// <summary>A split of an image data set held as 8-bit RGB, all images the same size (H × W × 3, row-major, HWC).
/// Readers decode once; the training loop batches from here.</summary>
public interface IImageDataset
{
    /// <summary>The spec it was opened from plus the split, e.g. <c>shapes:size=32,n=4096,seed=1 [test]</c>.</summary>
    string Description { get; }
    int Count { get; }
    int Height { get; }
    int Width { get; }
    /// <summary>Number of classes; 0 when unlabeled.</summary>
    int NumClasses { get; }
    IReadOnlyList<string> ClassNames { get; }
    /// <summary>True when every image has a per-pixel object mask (<see cref="CopyMask"/>).</summary>
    bool HasMasks { get; }
    /// <summary>Copies image <paramref name="index"/> as H·W·3 bytes (RGB, HWC) into <paramref name="destination"/>.</summary>
    void CopyImage(int index, Span<byte> destination);
    /// <summary>Class label of an image, or -1 when unlabeled.</summary>
    int Label(int index);
    /// <summary>Copies the H·W object mask (1 = object, 0 = background) of an image; throws when <see cref="HasMasks"/> is false.</summary>
    void CopyMask(int index, Span<byte> destination);
}

/// <summary>What a data-set spec opens to. <see cref="Mean"/>/<see cref="Std"/> are per-channel statistics on the [0,1]
/// scale used for normalisation; <see cref="SkippedFiles"/> lists undecodable files an image folder skipped.</summary>
public sealed record DatasetSplits(IImageDataset Train, IImageDataset Test, double[] Mean, double[] Std,
    IReadOnlyList<string> SkippedFiles)
{
    public IImageDataset? Unlabeled { get; init; }
}

/// <summary>A data set that cannot be read: names the file and what is wrong with it.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
