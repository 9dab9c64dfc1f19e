using System.Buffers.Binary;

namespace Lewel.Engine.Data.Readers;

/// <summary>MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST): <c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each plain or
/// <c>.gz</c> (a dot instead of the last dash, as some mirrors write it, is accepted too). Grayscale is replicated to
/// the three RGB channels; images keep their size (28×28) unless the run asks for another, in which case the catalog
/// resizes them.</summary>
public static class IdxReader
{
    public static readonly IReadOnlyList<string> FashionNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static DatasetSplits Open(string directory)
    {
        var dir = BinaryFiles.RequireDirectory("idx", directory);
        var (trainImages, height, width) = ReadImages(Find(dir, "train-images", "idx3-ubyte"));
        var trainLabels = ReadLabels(Find(dir, "train-labels", "idx1-ubyte"));
        var (testImages, testHeight, testWidth) = ReadImages(Find(dir, "t10k-images", "idx3-ubyte"));
        var testLabels = ReadLabels(Find(dir, "t10k-labels", "idx1-ubyte"));
        if (trainImages.Length != trainLabels.Length)
            throw new DatasetException($"idx: {dir} has {trainImages.Length} training images but {trainLabels.Length} training labels");
        if (testImages.Length != testLabels.Length)
            throw new DatasetException($"idx: {dir} has {testImages.Length} test images but {testLabels.Length} test labels");
        if (testHeight != height || testWidth != width)
            throw new DatasetException($"idx: {dir} has {width}×{height} training images but {testWidth}×{testHeight} test images");
        var numClasses = Math.Max(trainLabels.DefaultIfEmpty().Max(), testLabels.DefaultIfEmpty().Max()) + 1;
        var names = ClassNames(dir, numClasses);
        var train = new InMemoryImageDataset($"idx:{directory} [train]", height, width, trainImages, trainLabels, names);
        var test = new InMemoryImageDataset($"idx:{directory} [test]", height, width, testImages, testLabels, names);
        var (mean, std) = DatasetStatistics.MeanStd(train);
        return new DatasetSplits(train, test, mean, std, []);
    }

    /// <summary>Reads an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions) as RGB images.</summary>
    public static (byte[][] Images, int Height, int Width) ReadImages(string path)
    {
        var bytes = BinaryFiles.ReadAll(path);
        var dims = Header(path, bytes, expectedDims: 3);
        int count = dims[0], height = dims[1], width = dims[2];
        var offset = 4 + 4 * 3;
        var pixels = height * width;
        var images = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var rgb = new byte[pixels * 3];
            for (var p = 0; p < pixels; p++)
            {
                var v = bytes[offset + i * pixels + p];
                rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = v;
            }
            images[i] = rgb;
        }
        return (images, height, width);
    }

    /// <summary>Reads an IDX label file (magic 0x00000801: unsigned bytes, 1 dimension).</summary>
    public static int[] ReadLabels(string path)
    {
        var bytes = BinaryFiles.ReadAll(path);
        var count = Header(path, bytes, expectedDims: 1)[0];
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = bytes[8 + i];
        return labels;
    }

    private static int[] Header(string path, byte[] bytes, int expectedDims)
    {
        if (bytes.Length < 4)
            throw new DatasetException($"idx: '{path}' has only {bytes.Length} bytes, too short for an IDX header (truncated?)");
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] != expectedDims)
            throw new DatasetException($"idx: '{path}' has magic 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}, expected 0x0000080{expectedDims} " +
                $"(unsigned bytes, {expectedDims} dimension{(expectedDims > 1 ? "s" : "")}); is this an IDX {(expectedDims == 3 ? "image" : "label")} file?");
        var headerBytes = 4 + 4 * expectedDims;
        if (bytes.Length < headerBytes)
            throw new DatasetException($"idx: '{path}' ends inside its header ({bytes.Length} bytes, truncated?)");
        var dims = new int[expectedDims];
        long total = 1;
        for (var d = 0; d < expectedDims; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] <= 0) throw new DatasetException($"idx: '{path}' dimension {d} is {dims[d]}, not positive");
            total *= dims[d];
        }
        if (bytes.Length - headerBytes != total)
            throw new DatasetException($"idx: '{path}' should hold {total} bytes after its header ({string.Join("×", dims)}) but holds {bytes.Length - headerBytes}" +
                (bytes.Length - headerBytes < total ? " (truncated)" : ""));
        return dims;
    }

    private static string Find(string dir, string stem, string suffix)
    {
        string[] candidates = [$"{stem}-{suffix}", $"{stem}.{suffix}"];
        foreach (var name in candidates)
        foreach (var extension in new[] { "", ".gz" })
        {
            var path = Path.Combine(dir, name + extension);
            if (File.Exists(path)) return path;
        }
        throw new DatasetException($"idx: '{Path.Combine(dir, candidates[0])}' (or .gz) is missing; expected train-images-idx3-ubyte, " +
            "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte");
    }

    private static IReadOnlyList<string> ClassNames(string dir, int numClasses)
    {
        if (numClasses == 10 && dir.Contains("fashion", StringComparison.OrdinalIgnoreCase)) return FashionNames;
        return Enumerable.Range(0, numClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
