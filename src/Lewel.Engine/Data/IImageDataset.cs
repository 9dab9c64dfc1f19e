namespace Lewel.Engine.Data;

/// <summary>A split of an image data set held as 8-bit RGB (H × W × 3 per image, row-major, HWC). Readers decode once;
/// the training loop batches from here. The splits evaluation reads have one size for every image; a split of originals
/// (<see cref="DatasetSplits.TrainOriginals"/>) may hold images of differing sizes (<see cref="UniformSize"/> false).</summary>
public interface IImageDataset
{
    /// <summary>The spec it was opened from plus the split, e.g. <c>shapes:size=32,n=4096,seed=1 [test]</c>.</summary>
    string Description { get; }
    int Count { get; }
    /// <summary>The height of every image; the largest height when <see cref="UniformSize"/> is false.</summary>
    int Height { get; }
    /// <summary>The width of every image; the largest width when <see cref="UniformSize"/> is false.</summary>
    int Width { get; }
    /// <summary>False when the images differ in size (see <see cref="SizeOf"/>).</summary>
    bool UniformSize => true;
    /// <summary>Width and height of image <paramref name="index"/>.</summary>
    (int Width, int Height) SizeOf(int index) => (Width, Height);
    /// <summary>Number of classes; 0 when unlabeled.</summary>
    int NumClasses { get; }
    IReadOnlyList<string> ClassNames { get; }
    /// <summary>True when every image has a per-pixel object mask (<see cref="CopyMask"/>).</summary>
    bool HasMasks { get; }
    /// <summary>Copies image <paramref name="index"/> as H·W·3 bytes (RGB, HWC, its own <see cref="SizeOf"/>) into <paramref name="destination"/>.</summary>
    void CopyImage(int index, Span<byte> destination);
    /// <summary>Class label of an image, or -1 when unlabeled.</summary>
    int Label(int index);
    /// <summary>Copies the H·W object mask (its image's <see cref="SizeOf"/>) (1 = object, 0 = background) of an image; throws when <see cref="HasMasks"/> is false.</summary>
    void CopyMask(int index, Span<byte> destination);
}

/// <summary>What a data-set spec opens to. <see cref="Mean"/>/<see cref="Std"/> are per-channel statistics on the [0,1]
/// scale used for normalisation; <see cref="SkippedFiles"/> lists undecodable files an image folder skipped.</summary>
public sealed record DatasetSplits(IImageDataset Train, IImageDataset Test, double[] Mean, double[] Std,
    IReadOnlyList<string> SkippedFiles)
{
    public IImageDataset? Unlabeled { get; init; }

    /// <summary>The training images as the random crops see them: the decoded originals, capped in size
    /// (<see cref="SourceImages"/>); null when they are <see cref="Train"/> itself. <see cref="Train"/>, <see cref="Test"/>
    /// and <see cref="Unlabeled"/> hold what evaluation sees: every image resized (shorter side) and centre-cropped to the
    /// run's size.</summary>
    public IImageDataset? TrainOriginals { get; init; }

    /// <summary>The test images as originals (see <see cref="TrainOriginals"/>); null when they are <see cref="Test"/>.</summary>
    public IImageDataset? TestOriginals { get; init; }

    /// <summary>The unlabeled images as originals; null when they are <see cref="Unlabeled"/>.</summary>
    public IImageDataset? UnlabeledOriginals { get; init; }

    /// <summary>Where the training crops come from: <see cref="TrainOriginals"/>, else <see cref="Train"/>.</summary>
    public IImageDataset TrainSources => TrainOriginals ?? Train;

    public IImageDataset TestSources => TestOriginals ?? Test;

    public IImageDataset? UnlabeledSources => UnlabeledOriginals ?? Unlabeled;
}

/// <summary>A data set that cannot be read: names the file and what is wrong with it.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);
