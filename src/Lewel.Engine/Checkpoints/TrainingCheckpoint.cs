using System.Text;
using System.Text.Json;
using Lewel.Engine.Config;
using Lewel.Engine.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Checkpoints;

/// <summary>Saves and restores everything a run needs to continue bit-for-bit: the state dict of the method's root
/// module (online and target weights, BN statistics, queues), the optimiser state (momentum buffers), the CPU random
/// generator and the loop position (<see cref="CheckpointMetadata"/>). Model tensors are stored as
/// <c>model.{state-dict key}</c>, the generator as <c>rng.cpu</c>, the optimiser as the blob <c>optimizer</c>.</summary>
public static class TrainingCheckpoint
{
    public const string ModelPrefix = "model.";
    public const string CpuRngName = "rng.cpu";
    public const string OptimizerBlobName = "optimizer";

    /// <summary>Writes atomically and returns the file size. Call outside any dispose scope.</summary>
    public static long Write(string path, CheckpointMetadata metadata, nn.Module model, IPretrainOptimizer optimizer)
    {
        var optimizerState = SaveOptimizer(optimizer);
        using var rng = get_rng_state();
        var tensors = model.state_dict()
            .Select(entry => KeyValuePair.Create(ModelPrefix + entry.Key, entry.Value))
            .Append(KeyValuePair.Create(CpuRngName, rng));
        var json = JsonSerializer.Serialize(metadata, RunConfig.Json);
        AtomicFile.Write(path, stream => TensorArchive.Write(stream, json, tensors, [KeyValuePair.Create(OptimizerBlobName, optimizerState)]));
        return new FileInfo(path).Length;
    }

    /// <summary>Reads and verifies a checkpoint and returns its metadata without touching any model.</summary>
    public static CheckpointMetadata ReadMetadata(string path)
    {
        using var archive = TensorArchive.Read(path);
        return ParseMetadata(path, archive.MetadataJson);
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and the CPU generator.
    /// Every key and shape is checked before anything is changed. Call outside any dispose scope: the optimiser creates
    /// its state tensors while loading.</summary>
    public static CheckpointMetadata Restore(string path, nn.Module model, IPretrainOptimizer optimizer)
    {
        using var archive = TensorArchive.Read(path);
        var metadata = ParseMetadata(path, archive.MetadataJson);
        if (metadata.Optimizer != optimizer.Name)
            throw new CheckpointException(path, $"it holds {metadata.Optimizer} state but the run uses {optimizer.Name}");
        if (!archive.Blobs.TryGetValue(OptimizerBlobName, out var optimizerState))
            throw new CheckpointException(path, "the optimiser state is missing");
        if (!archive.Tensors.TryGetValue(CpuRngName, out var rng))
            throw new CheckpointException(path, $"the random-generator state '{CpuRngName}' is missing");

        var targets = model.state_dict();
        CheckMatches(path, targets, archive.Tensors);
        using (no_grad())
        {
            foreach (var (key, target) in targets)
                target.copy_(archive.Tensors[ModelPrefix + key]);
        }
        LoadOptimizer(path, optimizer, optimizerState);
        set_rng_state(rng);
        return metadata;
    }

    private static void CheckMatches(string path, Dictionary<string, Tensor> targets, IReadOnlyDictionary<string, Tensor> stored)
    {
        var problems = new List<string>();
        foreach (var (key, target) in targets)
        {
            if (!stored.TryGetValue(ModelPrefix + key, out var source))
                problems.Add($"missing {key}");
            else if (!source.shape.SequenceEqual(target.shape) || source.dtype != target.dtype)
                problems.Add($"{key} is {source.dtype}[{string.Join(", ", source.shape)}] but the model has {target.dtype}[{string.Join(", ", target.shape)}]");
        }
        foreach (var key in stored.Keys.Where(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)))
            if (!targets.ContainsKey(key[ModelPrefix.Length..]))
                problems.Add($"unexpected {key[ModelPrefix.Length..]}");
        if (problems.Count > 0)
            throw new CheckpointException(path, "it does not match the model: " + string.Join("; ", problems.Take(8)) +
                                                (problems.Count > 8 ? $"; and {problems.Count - 8} more" : ""));
    }

    private static byte[] SaveOptimizer(IPretrainOptimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            optimizer.Save(writer);
        return buffer.ToArray();
    }

    private static void LoadOptimizer(string path, IPretrainOptimizer optimizer, byte[] state)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            optimizer.Load(reader);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException or IOException)
        {
            throw new CheckpointException(path, $"the optimiser state does not fit this run ({e.Message})", e);
        }
    }

    private static CheckpointMetadata ParseMetadata(string path, string json)
    {
        try
        {
            return CheckpointMetadata.FromJson(json)
                   ?? throw new CheckpointException(path, "the metadata is empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the metadata is not valid ({e.Message})", e);
        }
    }
}
