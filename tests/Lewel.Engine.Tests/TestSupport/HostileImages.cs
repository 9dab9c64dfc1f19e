using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Lewel.Engine.Tests.TestSupport;

/// <summary>Images that attack a decoder, written in the test itself (also linked into the CLI and web tests).</summary>
public static class HostileImages
{
    /// <summary>A valid PNG header claiming <paramref name="width"/>×<paramref name="height"/> RGB pixels followed by a few
    /// compressed rows: a few hundred bytes that a naive decoder turns into width·height·4 bytes of pixels.</summary>
    public static byte[] PngBomb(int width = 20_000, int height = 20_000)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // RGB
        Chunk(output, "IHDR", header);
        using (var rows = new MemoryStream())
        {
            using (var zlib = new ZLibStream(rows, CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(new byte[4 * (1 + 3 * width)]);   // four black rows (filter byte + RGB)
            Chunk(output, "IDAT", rows.ToArray());
        }
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Bytes that are no image at all.</summary>
    public static byte[] NotAnImage() => Encoding.UTF8.GetBytes("#!/bin/sh\necho this is not a picture\n");

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
