using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lewel.Engine.Training.Snapshots;

/// <summary>NumPy's <c>.npy</c> format (version 1.0) for little-endian float32 arrays in C order, so raw maps open with
/// <c>numpy.load</c> and need no custom reader.</summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static void WriteFloat32(Stream stream, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        long count = 1;
        foreach (var d in shape) count *= d;
        if (count != values.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} values, got {values.Length}", nameof(values));
        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        var total = Magic.Length + 2 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]); // .NET on x64/arm64 is little-endian
        stream.Write(bytes);
    }

    /// <summary>Reads a file written by <see cref="WriteFloat32"/> (little-endian float32, C order).</summary>
    public static (int[] Shape, float[] Values) ReadFloat32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic.AsSpan(0, 6)))
            throw new InvalidDataException($"{path} is not a .npy file");
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'descr': '<f4'") || header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path} is not a little-endian float32 C-order array: {header.Trim()}");
        var shapeText = ShapePattern().Match(header);
        if (!shapeText.Success) throw new InvalidDataException($"{path} has no shape in its header: {header.Trim()}");
        var shape = shapeText.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var offset = 10 + headerLength;
        var values = new float[(bytes.Length - offset) / 4];
        Buffer.BlockCopy(bytes, offset, values, 0, values.Length * 4);
        if (values.Length != shape.Aggregate(1, (a, b) => a * b))
            throw new InvalidDataException($"{path} holds {values.Length} values but its shape is ({string.Join(", ", shape)})");
        return (shape, values);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
