using System.Collections;
using System.Text.Json;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The on-disk formats a state dict can come in.</summary>
public enum StateDictFormat { Safetensors, PyTorchZip, LewelCheckpoint }

/// <summary>Reads state dicts from this engine's training checkpoints (<see cref="TensorArchive"/>: the method's
/// <c>model.*</c> tensors and the run configuration), safetensors, and PyTorch's zip pickle (<c>torch.save</c> since
/// 1.6), which may hold the state dict itself or a checkpoint object with a <c>state_dict</c> entry (the official LEWEL
/// layout); PyTorch's legacy non-zip pickles are recognised and refused with the fix. Writes safetensors and zip pickles.</summary>
public static class StateDictFile
{
    /// <summary>Top-level entries of a checkpoint object that may hold the model's weights, in order of preference.</summary>
    private static readonly string[] WeightEntries = ["state_dict", "model", "model_state_dict"];

    public static StateDictFormat FormatForExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".safetensors" => StateDictFormat.Safetensors,
        ".pt" or ".pth" or ".tar" or ".bin" => StateDictFormat.PyTorchZip,
        var ext => throw new ArgumentException($"{path}: the extension '{ext}' names no known format; use .safetensors, .pt or .pth"),
    };

    public static StateDict Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "the file does not exist");
        var format = Detect(path);
        try
        {
            return format switch
            {
                StateDictFormat.Safetensors => ReadSafetensors(path),
                StateDictFormat.PyTorchZip => ReadPickle(path),
                StateDictFormat.LewelCheckpoint => ReadLewelCheckpoint(path),
                _ => throw Unrecognised(path),
            };
        }
        catch (CheckpointException) { throw; }
        catch (Exception e)
        {
            throw new CheckpointException(path, $"could not be read as {format}: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="tensors"/> (moved to the CPU, made contiguous) in <paramref name="format"/>.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, StateDictFormat format)
    {
        using var scope = NewDisposeScope();
        var cpu = tensors.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous(), StringComparer.Ordinal);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        {
            if (format == StateDictFormat.Safetensors)
                Safetensors.SaveStateDict(stream, cpu, leaveOpen: true);
            else
                PyTorchPickler.PickleStateDict(stream, new Hashtable(cpu), leaveOpen: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static StateDictFormat? Detect(string path)
    {
        Span<byte> head = stackalloc byte[9];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return null;
        }
        if (head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04) return StateDictFormat.PyTorchZip;
        if (head[..8].SequenceEqual("LEWELCKP"u8)) return StateDictFormat.LewelCheckpoint;
        var headerLength = BitConverter.ToUInt64(head[..8]);
        if (head[8] == (byte)'{' && headerLength > 1 && headerLength < (ulong)new FileInfo(path).Length) return StateDictFormat.Safetensors;
        if (head[0] == 0x80) throw new CheckpointException(path,
            $"this is a legacy (pre-1.6, non-zip) PyTorch pickle, which cannot be read here; re-save it from PyTorch " +
            "with torch.save(torch.load(path), new_path) (the zip format is the default since PyTorch 1.6)");
        return null;
    }

    private static CheckpointException Unrecognised(string path) =>
        new(path, "not a Lewel checkpoint, a safetensors file nor a PyTorch zip checkpoint (the first bytes match none of these formats)");

    private static StateDict ReadSafetensors(string path)
    {
        var result = new StateDict();
        foreach (var (key, tensor) in Safetensors.LoadStateDict(path)) result.Add(key, tensor);
        return result;
    }

    private static StateDict ReadLewelCheckpoint(string path)
    {
        var archive = TensorArchive.Read(path);
        var result = new StateDict();
        foreach (var (key, tensor) in archive.Tensors)
        {
            if (key.StartsWith(TrainingCheckpoint.ModelPrefix, StringComparison.Ordinal)) result.Add(key[TrainingCheckpoint.ModelPrefix.Length..], tensor);
            else tensor.Dispose();
        }
        try
        {
            result.Config = CheckpointMetadata.FromJson(archive.MetadataJson)?.Config;
        }
        catch (JsonException e)
        {
            result.Dispose();
            throw new CheckpointException(path, $"its metadata is not valid JSON ({e.Message})", e);
        }
        // The hash only proves the file is whole, not that its configuration is sane: check it as any input.
        if (result.Config is { } config && RunConfigValidator.ValidateFields(config) is { Count: > 0 } errors)
        {
            result.Dispose();
            throw new CheckpointException(path, $"its embedded run configuration is not valid: {string.Join("; ", errors)}");
        }
        return result;
    }

    private static StateDict ReadPickle(string path)
    {
        Hashtable root;
        using (var stream = File.OpenRead(path)) root = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false);
        var weights = WeightEntries.Select(e => root[e]).OfType<IDictionary>().FirstOrDefault() ?? root;
        var result = new StateDict();
        foreach (var key in weights.Keys.OfType<string>().Order(StringComparer.Ordinal))
            if (weights[key] is Tensor tensor) result.Add(key, tensor);
        if (result.Count == 0)
        {
            var entries = string.Join(", ", root.Keys.OfType<object>().Select(k => $"'{k}'"));
            throw new CheckpointException(path, $"the pickle holds no tensors where weights are expected " +
                $"(top-level entries: {entries}; weights are read from the top level or from 'state_dict')");
        }
        return result;
    }
}
