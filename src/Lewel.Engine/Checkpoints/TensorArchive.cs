using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Checkpoints;

/// <summary>
/// The checkpoint file format: JSON metadata, named tensors and named byte blobs, sealed by a SHA-256 of the whole file.
/// All integers little-endian; strings are .NET <see cref="BinaryWriter"/> strings (7-bit length prefix, UTF-8).
/// <code>
/// "LEWELCKP"                      8 bytes
/// int32  format version (1)
/// string metadata JSON
/// int32  entry count, then per entry:
///   byte kind (1 = tensor, 2 = blob), string name,
///   tensor: int32 ScalarType, int32 rank, int64[rank] shape, int64 byte count, raw bytes (row-major, CPU layout)
///   blob:   int64 byte count, bytes
/// "LEWELEND"                      8 bytes
/// 32 bytes SHA-256 of every byte before it
/// </code>
/// A truncated or altered file fails the hash and is reported as unreadable, never half-loaded.
/// </summary>
public sealed class TensorArchive : IDisposable
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "LEWELCKP"u8.ToArray();
    private static readonly byte[] EndMagic = "LEWELEND"u8.ToArray();
    private const byte TensorKind = 1;
    private const byte BlobKind = 2;
    private const int HashBytes = 32;

    private readonly Dictionary<string, Tensor> tensors;

    private TensorArchive(string metadataJson, Dictionary<string, Tensor> tensors, Dictionary<string, byte[]> blobs)
    {
        MetadataJson = metadataJson;
        this.tensors = tensors;
        Blobs = blobs;
    }

    public string MetadataJson { get; }

    /// <summary>CPU tensors owned by the archive (disposed with it).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

    public IReadOnlyDictionary<string, byte[]> Blobs { get; }

    public static void Write(Stream destination, string metadataJson, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IEnumerable<KeyValuePair<string, byte[]>> blobs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tensorList = tensors.ToList();
        var blobList = blobs.ToList();
        using (var hashing = new HashingStream(destination, hash))
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(metadataJson);
            writer.Write(tensorList.Count + blobList.Count);
            foreach (var (name, tensor) in tensorList)
            {
                writer.Write(TensorKind);
                writer.Write(name);
                WriteTensor(writer, tensor);
            }
            foreach (var (name, bytes) in blobList)
            {
                writer.Write(BlobKind);
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
            writer.Write(EndMagic);
        }
        destination.Write(hash.GetHashAndReset());
    }

    /// <summary>Reads and verifies a whole archive; throws <see cref="CheckpointException"/> naming the file when it is
    /// missing, truncated, corrupt or of another format.</summary>
    public static TensorArchive Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "the file does not exist");
        try
        {
            VerifyHash(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            return Parse(reader, path);
        }
        catch (CheckpointException) { throw; }
        catch (Exception e) when (e is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException
                                       or ArgumentException or DecoderFallbackException)
        {
            throw new CheckpointException(path, $"unreadable ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in tensors.Values) tensor.Dispose();
        tensors.Clear();
    }

    private static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(CPU).contiguous();
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.shape.Length);
        foreach (var size in cpu.shape) writer.Write(size);
        var bytes = cpu.bytes;
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    private static void VerifyHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var minimum = Magic.Length + sizeof(int) + EndMagic.Length + HashBytes;
        var head = new byte[Magic.Length];
        if (stream.Read(head) != Magic.Length || !head.AsSpan().SequenceEqual(Magic))
            throw new CheckpointException(path, "not a Lewel checkpoint (wrong magic bytes)");
        if (stream.Length < minimum)
            throw new CheckpointException(path, $"the file is truncated ({stream.Length} bytes)");
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var remaining = stream.Length - HashBytes;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0) throw new CheckpointException(path, "the file ended early");
            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }
        var stored = new byte[HashBytes];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new CheckpointException(path, "the content does not match its checksum (truncated or corrupted)");
    }

    private static TensorArchive Parse(BinaryReader reader, string path)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new CheckpointException(path, "not a Lewel checkpoint (wrong magic bytes)");
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new CheckpointException(path, $"format version {version} is not supported (expected {FormatVersion})");
        var metadata = reader.ReadString();
        var count = reader.ReadInt32();
        var tensors = new Dictionary<string, Tensor>();
        var blobs = new Dictionary<string, byte[]>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var kind = reader.ReadByte();
                var name = reader.ReadString();
                if (tensors.ContainsKey(name) || blobs.ContainsKey(name))
                    throw new CheckpointException(path, $"entry '{name}' appears twice");
                switch (kind)
                {
                    case TensorKind: tensors[name] = ReadTensor(reader, path, name); break;
                    case BlobKind: blobs[name] = reader.ReadBytes(checked((int)reader.ReadInt64())); break;
                    default: throw new CheckpointException(path, $"entry '{name}' has unknown kind {kind}");
                }
            }
            if (!reader.ReadBytes(EndMagic.Length).AsSpan().SequenceEqual(EndMagic))
                throw new CheckpointException(path, "the end marker is missing");
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return new TensorArchive(metadata, tensors, blobs);
    }

    private static Tensor ReadTensor(BinaryReader reader, string path, string name)
    {
        var dtype = (ScalarType)reader.ReadInt32();
        if (!Enum.IsDefined(dtype)) throw new CheckpointException(path, $"tensor '{name}' has unknown dtype {(int)dtype}");
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 16) throw new CheckpointException(path, $"tensor '{name}' has rank {rank}");
        var shape = new long[rank];
        for (var d = 0; d < rank; d++) shape[d] = reader.ReadInt64();
        var byteCount = reader.ReadInt64();
        var tensor = empty(shape, dtype, CPU).DetachFromDisposeScope();
        try
        {
            var expected = tensor.numel() * tensor.ElementSize;
            if (expected != byteCount)
                throw new CheckpointException(path, $"tensor '{name}' holds {byteCount} bytes but its shape [{string.Join(", ", shape)}] of {dtype} needs {expected}");
            var bytes = reader.ReadBytes(checked((int)byteCount));
            if (bytes.Length != byteCount) throw new CheckpointException(path, $"tensor '{name}' is cut short");
            tensor.bytes = bytes;
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Forwards writes to a stream and feeds every byte to a hash.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
