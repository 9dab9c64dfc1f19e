namespace Lewel.Engine.Data.Readers;

/// <summary>The binary versions of CIFAR-10 (<c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>: records of 1 label byte
/// + 3072 bytes of R, G, B planes) and CIFAR-100 (<c>train.bin</c>, <c>test.bin</c>: coarse label, fine label, 3072
/// bytes; the fine labels are used). The directory may be the extracted folder itself or its parent.</summary>
public static class CifarReader
{
    public const int Side = 32;
    private const int ImageBytes = Side * Side * 3;

    public static readonly IReadOnlyList<string> Cifar10Names =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static DatasetSplits OpenCifar10(string directory)
    {
        var dir = Locate(BinaryFiles.RequireDirectory("cifar10", directory), "data_batch_1.bin", "cifar-10-batches-bin");
        var names = BinaryFiles.ReadNames(Path.Combine(dir, "batches.meta.txt")) is { Length: 10 } fromFile ? fromFile : Cifar10Names;
        var trainFiles = Enumerable.Range(1, 5).Select(i => Path.Combine(dir, $"data_batch_{i}.bin")).ToArray();
        var train = ReadRecords("cifar10", trainFiles, labelBytes: 1, numClasses: 10, names, $"cifar10:{directory} [train]");
        var test = ReadRecords("cifar10", [Path.Combine(dir, "test_batch.bin")], labelBytes: 1, numClasses: 10, names, $"cifar10:{directory} [test]");
        var (mean, std) = DatasetStatistics.MeanStd(train);
        return new DatasetSplits(train, test, mean, std, []);
    }

    public static DatasetSplits OpenCifar100(string directory)
    {
        var dir = Locate(BinaryFiles.RequireDirectory("cifar100", directory), "train.bin", "cifar-100-binary");
        IReadOnlyList<string> names = BinaryFiles.ReadNames(Path.Combine(dir, "fine_label_names.txt")) is { Length: 100 } fromFile
            ? fromFile : Enumerable.Range(0, 100).Select(i => $"class {i}").ToArray();
        var train = ReadRecords("cifar100", [Path.Combine(dir, "train.bin")], labelBytes: 2, numClasses: 100, names, $"cifar100:{directory} [train]");
        var test = ReadRecords("cifar100", [Path.Combine(dir, "test.bin")], labelBytes: 2, numClasses: 100, names, $"cifar100:{directory} [test]");
        var (mean, std) = DatasetStatistics.MeanStd(train);
        return new DatasetSplits(train, test, mean, std, []);
    }

    private static string Locate(string directory, string marker, string subfolder)
    {
        if (File.Exists(Path.Combine(directory, marker))) return directory;
        var nested = Path.Combine(directory, subfolder);
        return Directory.Exists(nested) ? nested : directory;
    }

    /// <summary>Reads fixed-size records; the label is the last of the <paramref name="labelBytes"/> leading bytes.</summary>
    private static InMemoryImageDataset ReadRecords(string kind, string[] files, int labelBytes, int numClasses,
        IReadOnlyList<string> names, string description)
    {
        var recordBytes = labelBytes + ImageBytes;
        var images = new List<byte[]>();
        var labels = new List<int>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
                throw new DatasetException($"{kind}: '{file}' is missing (expected the binary version of the data set: " +
                    (kind == "cifar10" ? "data_batch_1..5.bin and test_batch.bin)" : "train.bin and test.bin)"));
            var bytes = BinaryFiles.ReadAll(file);
            if (bytes.Length == 0 || bytes.Length % recordBytes != 0)
                throw new DatasetException($"{kind}: '{file}' has {bytes.Length} bytes, not a whole number of {recordBytes}-byte records (truncated or not a {kind} binary file)");
            for (var offset = 0; offset < bytes.Length; offset += recordBytes)
            {
                int label = bytes[offset + labelBytes - 1];
                if (label >= numClasses)
                    throw new DatasetException($"{kind}: '{file}' record {offset / recordBytes} has label {label}; labels must be 0–{numClasses - 1}");
                if (labelBytes == 2 && bytes[offset] >= 20)
                    throw new DatasetException($"{kind}: '{file}' record {offset / recordBytes} has coarse label {bytes[offset]}; coarse labels must be 0–19");
                labels.Add(label);
                images.Add(PlanarToInterleaved(bytes.AsSpan(offset + labelBytes, ImageBytes), Side * Side));
            }
        }
        return new InMemoryImageDataset(description, Side, Side, images.ToArray(), labels.ToArray(), names);
    }

    /// <summary>R plane, G plane, B plane (CHW) → RGB triples (HWC).</summary>
    internal static byte[] PlanarToInterleaved(ReadOnlySpan<byte> planes, int pixels)
    {
        var rgb = new byte[pixels * 3];
        for (var p = 0; p < pixels; p++)
        {
            rgb[p * 3] = planes[p];
            rgb[p * 3 + 1] = planes[pixels + p];
            rgb[p * 3 + 2] = planes[2 * pixels + p];
        }
        return rgb;
    }
}
