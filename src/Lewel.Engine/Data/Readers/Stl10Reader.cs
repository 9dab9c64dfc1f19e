using Microsoft.Win32.SafeHandles;

namespace Lewel.Engine.Data.Readers;

/// <summary>The binary version of STL-10 (<c>stl10_binary/</c>): <c>train_X.bin</c>/<c>train_y.bin</c> (5,000),
/// <c>test_X.bin</c>/<c>test_y.bin</c> (8,000) and, when present, <c>unlabeled_X.bin</c> (100,000). Each image is
/// 96×96×3 bytes stored channel by channel, each channel column-major (as MATLAB writes it); labels are 1–10. The
/// labelled splits are read into memory; the unlabeled split (2.7 GB) is read from disk image by image.</summary>
public static class Stl10Reader
{
    public const int Side = 96;
    public const int ImageBytes = Side * Side * 3;

    public static readonly IReadOnlyList<string> DefaultNames =
        ["airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck"];

    public static DatasetSplits Open(string directory)
    {
        var root = BinaryFiles.RequireDirectory("stl10", directory);
        var dir = File.Exists(Path.Combine(root, "train_X.bin")) || !Directory.Exists(Path.Combine(root, "stl10_binary"))
            ? root : Path.Combine(root, "stl10_binary");
        var names = BinaryFiles.ReadNames(Path.Combine(dir, "class_names.txt")) is { Length: 10 } fromFile ? fromFile : DefaultNames;
        var train = ReadLabelled(dir, "train", names, $"stl10:{directory} [train]");
        var test = ReadLabelled(dir, "test", names, $"stl10:{directory} [test]");
        var unlabeledPath = Path.Combine(dir, "unlabeled_X.bin");
        var (mean, std) = DatasetStatistics.MeanStd(train);
        return new DatasetSplits(train, test, mean, std, [])
        {
            Unlabeled = File.Exists(unlabeledPath) ? new Stl10FileDataset(unlabeledPath, $"stl10:{directory} [unlabeled]") : null,
        };
    }

    private static InMemoryImageDataset ReadLabelled(string dir, string split, IReadOnlyList<string> names, string description)
    {
        var imagePath = Path.Combine(dir, $"{split}_X.bin");
        var labelPath = Path.Combine(dir, $"{split}_y.bin");
        if (!File.Exists(imagePath)) throw new DatasetException($"stl10: '{imagePath}' is missing (expected the binary version, stl10_binary/)");
        if (!File.Exists(labelPath)) throw new DatasetException($"stl10: '{labelPath}' is missing");
        var pixels = BinaryFiles.ReadAll(imagePath);
        var labelBytes = BinaryFiles.ReadAll(labelPath);
        if (pixels.Length == 0 || pixels.Length % ImageBytes != 0)
            throw new DatasetException($"stl10: '{imagePath}' has {pixels.Length} bytes, not a whole number of {ImageBytes}-byte images (truncated?)");
        var count = pixels.Length / ImageBytes;
        if (labelBytes.Length != count)
            throw new DatasetException($"stl10: '{labelPath}' has {labelBytes.Length} labels but '{imagePath}' has {count} images");
        var images = new byte[count][];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (labelBytes[i] is < 1 or > 10)
                throw new DatasetException($"stl10: '{labelPath}' label {i} is {labelBytes[i]}; STL-10 labels are 1–10");
            labels[i] = labelBytes[i] - 1;
            images[i] = new byte[ImageBytes];
            ColumnMajorToInterleaved(pixels.AsSpan(i * ImageBytes, ImageBytes), images[i]);
        }
        return new InMemoryImageDataset(description, Side, Side, images, labels, names);
    }

    /// <summary>Channel planes stored column-major (byte c·96² + x·96 + y is channel c of row y, column x) → HWC.</summary>
    internal static void ColumnMajorToInterleaved(ReadOnlySpan<byte> source, Span<byte> rgb)
    {
        const int plane = Side * Side;
        for (var c = 0; c < 3; c++)
        for (var x = 0; x < Side; x++)
        for (var y = 0; y < Side; y++)
            rgb[(y * Side + x) * 3 + c] = source[c * plane + x * Side + y];
    }
}

/// <summary>STL-10's unlabeled split, read from disk one image at a time (thread-safe positional reads).</summary>
internal sealed class Stl10FileDataset : IImageDataset
{
    private readonly SafeFileHandle handle;
    private readonly string path;

    public Stl10FileDataset(string path, string description)
    {
        this.path = path;
        Description = description;
        var length = new FileInfo(path).Length;
        if (length == 0 || length % Stl10Reader.ImageBytes != 0)
            throw new DatasetException($"stl10: '{path}' has {length} bytes, not a whole number of {Stl10Reader.ImageBytes}-byte images (truncated?)");
        Count = checked((int)(length / Stl10Reader.ImageBytes));
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
    }

    public string Description { get; }
    public int Count { get; }
    public int Height => Stl10Reader.Side;
    public int Width => Stl10Reader.Side;
    public int NumClasses => 0;
    public IReadOnlyList<string> ClassNames => [];
    public bool HasMasks => false;

    public void CopyImage(int index, Span<byte> destination)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Description} has {Count} images");
        var buffer = new byte[Stl10Reader.ImageBytes];
        var read = RandomAccess.Read(handle, buffer, (long)index * Stl10Reader.ImageBytes);
        if (read != buffer.Length) throw new DatasetException($"stl10: '{path}' ended while reading image {index}");
        Stl10Reader.ColumnMajorToInterleaved(buffer, destination);
    }

    public int Label(int index) => -1;

    public void CopyMask(int index, Span<byte> destination) => throw new InvalidOperationException($"{Description} has no object masks");
}
