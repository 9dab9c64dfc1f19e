using Lewel.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Checkpoints;

public sealed class TensorArchiveTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"lewel-archive-{Guid.NewGuid():N}.ckpt");

    public void Dispose() => File.Delete(path);

    private void Write(params (string Name, Tensor Tensor)[] tensors)
    {
        using var stream = File.Create(path);
        TensorArchive.Write(stream, "{\"hello\":1}", tensors.Select(t => KeyValuePair.Create(t.Name, t.Tensor)),
            [KeyValuePair.Create("blob", new byte[] { 1, 2, 3 })]);
    }

    [Fact]
    public void Read_WhatWasWritten_ReturnsTheSameTensorsBlobsAndMetadata()
    {
        using var scope = NewDisposeScope();
        var floats = randn(3, 4, 2);
        var doubles = tensor(new[] { 1.5, -2.25 });
        var count = tensor(7L);
        var bytes = tensor(new byte[] { 0, 255, 17 });
        var flags = tensor(new[] { true, false });
        var none = zeros(0, 5);
        Write(("a.weight", floats), ("d", doubles), ("n", count), ("rng", bytes), ("flags", flags), ("empty", none));

        using var archive = TensorArchive.Read(path);
        Assert.Equal("{\"hello\":1}", archive.MetadataJson);
        Assert.Equal([1, 2, 3], archive.Blobs["blob"]);
        foreach (var (name, expected) in new[] { ("a.weight", floats), ("d", doubles), ("n", count), ("rng", bytes), ("flags", flags), ("empty", none) })
        {
            var actual = archive.Tensors[name];
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(expected.equal(actual).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Read_TruncatedFile_IsRefusedNamingTheFile()
    {
        using (var scope = NewDisposeScope()) Write(("w", ones(100)));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 50)]);

        var error = Assert.Throws<CheckpointException>(() => TensorArchive.Read(path));
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void Read_OneFlippedByte_IsRefused()
    {
        using (var scope = NewDisposeScope()) Write(("w", ones(100)));
        var bytes = File.ReadAllBytes(path);
        bytes[^60] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum", Assert.Throws<CheckpointException>(() => TensorArchive.Read(path)).Message);
    }

    [Fact]
    public void Read_AnotherKindOfFile_SaysItIsNotACheckpoint()
    {
        File.WriteAllText(path, "{\"this\": \"is json, not a checkpoint\"}");
        Assert.Contains("not a Lewel checkpoint", Assert.Throws<CheckpointException>(() => TensorArchive.Read(path)).Message);
    }

    [Fact]
    public void Read_MissingFile_SaysSo() =>
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => TensorArchive.Read(path + ".missing")).Message);
}
