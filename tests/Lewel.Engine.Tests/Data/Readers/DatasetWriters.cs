using System.Buffers.Binary;
using System.IO.Compression;
using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Data.Readers;

/// <summary>Random RGB (HWC) images with labels, as written to a file and as a reader should return them.</summary>
public sealed record WrittenSplit(byte[][] Images, int[] Labels);

/// <summary>Writes tiny data sets in each on-disk format, laid out exactly as the real files are.</summary>
public static class DatasetWriters
{
    public static WrittenSplit RandomSplit(int count, int side, int numClasses, int seed, bool grayscale = false)
    {
        var random = new SeededRandom((ulong)seed);
        var images = new byte[count][];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            images[i] = new byte[side * side * 3];
            for (var p = 0; p < side * side; p++)
            for (var c = 0; c < 3; c++)
                images[i][p * 3 + c] = grayscale && c > 0 ? images[i][p * 3] : (byte)random.NextInt(256);
            labels[i] = random.NextInt(numClasses);
        }
        return new WrittenSplit(images, labels);
    }

    /// <summary>CIFAR-10 binary: five training batches and a test batch of [label, R plane, G plane, B plane] records.</summary>
    public static (WrittenSplit Train, WrittenSplit Test) WriteCifar10(string dir, int perBatch, int testCount)
    {
        Directory.CreateDirectory(dir);
        var train = RandomSplit(perBatch * 5, 32, 10, 1);
        for (var b = 0; b < 5; b++)
            WriteCifarFile(Path.Combine(dir, $"data_batch_{b + 1}.bin"), train, b * perBatch, perBatch, coarse: null);
        var test = RandomSplit(testCount, 32, 10, 2);
        WriteCifarFile(Path.Combine(dir, "test_batch.bin"), test, 0, testCount, coarse: null);
        File.WriteAllLines(Path.Combine(dir, "batches.meta.txt"), ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck", ""]);
        return (train, test);
    }

    /// <summary>CIFAR-100 binary: train.bin and test.bin of [coarse, fine, R, G, B planes] records.</summary>
    public static (WrittenSplit Train, WrittenSplit Test) WriteCifar100(string dir, int trainCount, int testCount)
    {
        Directory.CreateDirectory(dir);
        var train = RandomSplit(trainCount, 32, 100, 3);
        var test = RandomSplit(testCount, 32, 100, 4);
        WriteCifarFile(Path.Combine(dir, "train.bin"), train, 0, trainCount, coarse: l => l / 5);
        WriteCifarFile(Path.Combine(dir, "test.bin"), test, 0, testCount, coarse: l => l / 5);
        File.WriteAllLines(Path.Combine(dir, "fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"fine{i}"));
        return (train, test);
    }

    private static void WriteCifarFile(string path, WrittenSplit split, int start, int count, Func<int, int>? coarse)
    {
        using var file = File.Create(path);
        for (var i = start; i < start + count; i++)
        {
            if (coarse is not null) file.WriteByte((byte)coarse(split.Labels[i]));
            file.WriteByte((byte)split.Labels[i]);
            for (var c = 0; c < 3; c++)
            for (var p = 0; p < 32 * 32; p++)
                file.WriteByte(split.Images[i][p * 3 + c]);
        }
    }

    /// <summary>STL-10 binary: channel planes stored column-major, labels 1–10 in separate files.</summary>
    public static (WrittenSplit Train, WrittenSplit Test, WrittenSplit Unlabeled) WriteStl10(string dir, int trainCount, int testCount, int unlabeledCount)
    {
        Directory.CreateDirectory(dir);
        var train = RandomSplit(trainCount, 96, 10, 5);
        var test = RandomSplit(testCount, 96, 10, 6);
        var unlabeled = RandomSplit(unlabeledCount, 96, 1, 7);
        WriteStlImages(Path.Combine(dir, "train_X.bin"), train);
        File.WriteAllBytes(Path.Combine(dir, "train_y.bin"), train.Labels.Select(l => (byte)(l + 1)).ToArray());
        WriteStlImages(Path.Combine(dir, "test_X.bin"), test);
        File.WriteAllBytes(Path.Combine(dir, "test_y.bin"), test.Labels.Select(l => (byte)(l + 1)).ToArray());
        WriteStlImages(Path.Combine(dir, "unlabeled_X.bin"), unlabeled);
        return (train, test, unlabeled);
    }

    private static void WriteStlImages(string path, WrittenSplit split)
    {
        using var file = File.Create(path);
        foreach (var image in split.Images)
            for (var c = 0; c < 3; c++)
            for (var x = 0; x < 96; x++)
            for (var y = 0; y < 96; y++)
                file.WriteByte(image[(y * 96 + x) * 3 + c]);
    }

    /// <summary>MNIST-style IDX files (big-endian header: 0x00000803 + dims for images, 0x00000801 + count for labels).</summary>
    public static (WrittenSplit Train, WrittenSplit Test) WriteIdx(string dir, int trainCount, int testCount, int side, bool gzip)
    {
        Directory.CreateDirectory(dir);
        var train = RandomSplit(trainCount, side, 10, 8, grayscale: true);
        var test = RandomSplit(testCount, side, 10, 9, grayscale: true);
        var suffix = gzip ? ".gz" : "";
        WriteBytes(Path.Combine(dir, "train-images-idx3-ubyte" + suffix), IdxImages(train, side), gzip);
        WriteBytes(Path.Combine(dir, "train-labels-idx1-ubyte" + suffix), IdxLabels(train), gzip);
        WriteBytes(Path.Combine(dir, "t10k-images-idx3-ubyte" + suffix), IdxImages(test, side), gzip);
        WriteBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte" + suffix), IdxLabels(test), gzip);
        return (train, test);
    }

    public static byte[] IdxImages(WrittenSplit split, int side)
    {
        var bytes = new byte[16 + split.Images.Length * side * side];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), split.Images.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), side);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), side);
        for (var i = 0; i < split.Images.Length; i++)
        for (var p = 0; p < side * side; p++)
            bytes[16 + i * side * side + p] = split.Images[i][p * 3];
        return bytes;
    }

    public static byte[] IdxLabels(WrittenSplit split)
    {
        var bytes = new byte[8 + split.Labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), split.Labels.Length);
        for (var i = 0; i < split.Labels.Length; i++) bytes[8 + i] = (byte)split.Labels[i];
        return bytes;
    }

    public static void WriteBytes(string path, byte[] bytes, bool gzip)
    {
        if (!gzip) { File.WriteAllBytes(path, bytes); return; }
        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
    }

    public static void AssertSameImages(WrittenSplit expected, IImageDataset actual)
    {
        Assert.Equal(expected.Images.Length, actual.Count);
        var buffer = new byte[actual.Height * actual.Width * 3];
        for (var i = 0; i < actual.Count; i++)
        {
            actual.CopyImage(i, buffer);
            Assert.True(expected.Images[i].AsSpan().SequenceEqual(buffer), $"image {i} of {actual.Description} differs from what was written");
            Assert.Equal(expected.Labels[i], actual.Label(i));
        }
    }
}
