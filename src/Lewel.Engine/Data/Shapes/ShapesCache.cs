using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lewel.Engine.Data.Shapes;

/// <summary>How the <c>shapes</c> images were obtained.</summary>
public enum ShapesCacheOutcome { Loaded, Generated, Rebuilt, NotCached }

/// <summary>The binary cache of a generated <c>shapes</c> data set: a 48-byte header (magic, format and generator
/// versions, size, counts, seed, payload length), the payload (per split: labels as bytes, images, masks) and a SHA-256
/// of header and payload. A file that does not match in any way is reported as corrupt and regenerated.</summary>
internal static class ShapesCache
{
    private static readonly byte[] Magic = "LWLSHAPE"u8.ToArray();
    private const int FormatVersion = 1;
    private const int HeaderBytes = 48;
    private const int HashBytes = 32;

    public static string FileName(ShapesSpec spec) =>
        $"shapes-v{ShapesGenerator.Version}-size{spec.Size}-n{spec.Count}-seed{spec.Seed}-test{spec.TestCount}" +
        (spec.Scene == ShapesScene.Cluttered ? "" : "-" + ShapesSpec.SceneName(spec.Scene)) + ".bin";

    /// <summary>Reads the cache, or returns null with the reason it cannot be used.</summary>
    public static (ShapesSplit Train, ShapesSplit Test)? TryRead(string path, ShapesSpec spec, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var expectedHeader = Header(spec);
            var payload = PayloadBytes(spec);
            if (bytes.Length != HeaderBytes + payload + HashBytes)
            {
                problem = $"{path} has {bytes.Length} bytes, expected {HeaderBytes + payload + HashBytes}";
                return null;
            }
            if (!bytes.AsSpan(0, HeaderBytes).SequenceEqual(expectedHeader))
            {
                problem = $"{path} has a header for different parameters or another format version";
                return null;
            }
            var hash = SHA256.HashData(bytes.AsSpan(0, HeaderBytes + (int)payload));
            if (!hash.AsSpan().SequenceEqual(bytes.AsSpan(HeaderBytes + (int)payload, HashBytes)))
            {
                problem = $"{path} fails its SHA-256 checksum";
                return null;
            }
            var offset = HeaderBytes;
            var train = ReadSplit(bytes, ref offset, spec.Count, spec.Size);
            var test = ReadSplit(bytes, ref offset, spec.TestCount, spec.Size);
            return (train, test);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problem = $"{path} cannot be read: {e.Message}";
            return null;
        }
    }

    /// <summary>Writes the cache atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, ShapesSpec spec, ShapesSplit train, ShapesSplit test)
    {
        var payload = PayloadBytes(spec);
        if (HeaderBytes + payload + HashBytes > Array.MaxLength)
            return; // too large to cache as one file; generation is deterministic, so it is simply regenerated next time
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var bytes = new byte[HeaderBytes + payload + HashBytes];
        Header(spec).CopyTo(bytes, 0);
        var offset = HeaderBytes;
        WriteSplit(bytes, ref offset, train);
        WriteSplit(bytes, ref offset, test);
        SHA256.HashData(bytes.AsSpan(0, offset), bytes.AsSpan(offset, HashBytes));
        var temp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static long PayloadBytes(ShapesSpec spec) =>
        (long)(spec.Count + spec.TestCount) * (1 + spec.Size * spec.Size * 4L);

    private static byte[] Header(ShapesSpec spec)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        var span = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], ShapesGenerator.Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], spec.Size);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], spec.Count);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], spec.TestCount);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], ShapeKinds.Count);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], spec.Seed);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], PayloadBytes(spec));
        return header;
    }

    private static void WriteSplit(byte[] bytes, ref int offset, ShapesSplit split)
    {
        foreach (var label in split.Labels) bytes[offset++] = (byte)label;
        foreach (var image in split.Images) { image.CopyTo(bytes, offset); offset += image.Length; }
        foreach (var mask in split.Masks) { mask.CopyTo(bytes, offset); offset += mask.Length; }
    }

    private static ShapesSplit ReadSplit(byte[] bytes, ref int offset, int count, int size)
    {
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = bytes[offset++];
            if (labels[i] >= ShapeKinds.Count) throw new InvalidDataException($"label {labels[i]} of image {i} is not a shape class");
        }
        var images = new byte[count][];
        for (var i = 0; i < count; i++) { images[i] = bytes.AsSpan(offset, size * size * 3).ToArray(); offset += size * size * 3; }
        var masks = new byte[count][];
        for (var i = 0; i < count; i++) { masks[i] = bytes.AsSpan(offset, size * size).ToArray(); offset += size * size; }
        return new ShapesSplit(images, labels, masks);
    }
}
