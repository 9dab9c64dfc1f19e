using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Training;

namespace Lewel.Engine.Checkpoints;

/// <summary>
/// A new run that continues from another run's checkpoint: the fork's directory gets the edited configuration and a
/// copy of the checkpoint as its only one, so its first session resumes from it like any interrupted run (online and
/// target weights, queues, optimiser state, schedule position and random generator) and then trains with the edits.
/// Edits that would change a tensor's shape, the optimiser's state or the schedule's length are refused, since the
/// checkpoint could not be loaded into them or would mean something else.
/// </summary>
public static class RunFork
{
    /// <summary>The parent's configuration with <paramref name="editsJson"/> (a partial configuration object) laid over
    /// it; throws <see cref="ConfigException"/> naming each field that is unknown, of the wrong type, or may not change.</summary>
    public static RunConfig ApplyEdits(RunConfig parent, string? editsJson)
    {
        if (string.IsNullOrWhiteSpace(editsJson)) return parent;
        JsonNode? edits;
        try
        {
            edits = JsonNode.Parse(editsJson);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError("config", $"the edits are not valid JSON: {e.Message}")]);
        }
        if (edits is not JsonObject editObject) throw new ConfigException([new ConfigError("config", "the edits must be a JSON object")]);
        var unknown = RunConfigMerger.UnknownFields(editObject, typeof(RunConfig), "");
        if (unknown.Count > 0) throw new ConfigException(unknown);
        RunConfig forked;
        try
        {
            forked = RunConfigMerger.Apply(JsonNode.Parse(parent.ToJson())!, editObject).Deserialize<RunConfig>(RunConfig.Json)
                     ?? throw new ConfigException([new ConfigError("config", "the edited configuration is empty")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError(e.Path?.TrimStart('$', '.') ?? "config", $"has a value of the wrong type: {e.Message}")]);
        }
        var refused = FrozenFieldChanges(parent, forked);
        if (refused.Count > 0) throw new ConfigException(refused);
        return forked;
    }

    /// <summary>The fields a fork may not change, each named with its old and new value.</summary>
    public static IReadOnlyList<ConfigError> FrozenFieldChanges(RunConfig parent, RunConfig fork)
    {
        var errors = new List<ConfigError>();
        void Frozen<T>(string path, T before, T after, string why)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
                errors.Add(new ConfigError(path, $"cannot change in a fork ({before} → {after}): {why}"));
        }
        const string shapes = "it changes the shape of the network's tensors";
        Frozen("method", parent.Method, fork.Method, "a fork continues the parent's method");
        Frozen("dataset", parent.Dataset, fork.Dataset, "the steps per epoch and the data order would change");
        Frozen("backbone", parent.Backbone, fork.Backbone, shapes);
        Frozen("width", parent.Width, fork.Width, shapes);
        Frozen("imageSize", parent.ImageSize, fork.ImageSize, shapes);
        Frozen("maxSourceSide", parent.MaxSourceSide, fork.MaxSourceSide, "the views would be cut from different images");
        Frozen("stem", parent.Stem, fork.Stem, shapes);
        Frozen("stemPadding", parent.StemPadding, fork.StemPadding, shapes);
        Frozen("heads.projectorHidden", parent.Heads.ProjectorHidden, fork.Heads.ProjectorHidden, shapes);
        Frozen("heads.dim", parent.Heads.Dim, fork.Heads.Dim, shapes);
        Frozen("heads.predictorHidden", parent.Heads.PredictorHidden, fork.Heads.PredictorHidden, shapes);
        Frozen("heads.matchLewel", parent.Heads.MatchLewel, fork.Heads.MatchLewel, shapes);
        Frozen("lewel.numHeads", parent.Lewel.NumHeads, fork.Lewel.NumHeads, shapes);
        Frozen("moco.queueSize", parent.Moco.QueueSize, fork.Moco.QueueSize, "it changes the shape of the queue");
        Frozen("moco.alignedQueueSize", parent.Moco.AlignedQueueSize, fork.Moco.AlignedQueueSize, "it changes the shape of the aligned queue");
        Frozen("moco.alignedQueueSteps", parent.Moco.AlignedQueueSteps, fork.Moco.AlignedQueueSteps, "it changes the shape of the aligned queue");
        Frozen("target.update", parent.Target.Update, fork.Target.Update, "the target network's state would mean something else");
        Frozen("optimizer.name", parent.Optimizer.Name, fork.Optimizer.Name, "the optimiser state could not be restored");
        Frozen("batchSize", parent.BatchSize, fork.BatchSize, "the steps per epoch and the schedule position would change");
        Frozen("epochs", parent.Epochs, fork.Epochs, "the schedule's length and position would change");
        Frozen("steps", parent.Steps, fork.Steps, "the schedule's length and position would change");
        return errors;
    }

    /// <summary>Prepares <paramref name="forkRunDir"/> (which must hold no checkpoint) to continue from
    /// <paramref name="parentCheckpoint"/> with <paramref name="forkConfig"/>: writes <c>config.json</c> and copies the
    /// checkpoint (read and verified first). Returns the checkpoint's step.</summary>
    /// <exception cref="CheckpointException">The checkpoint is missing or unreadable.</exception>
    public static int Prepare(string parentCheckpoint, string forkRunDir, RunConfig forkConfig)
    {
        if (!File.Exists(parentCheckpoint)) throw new CheckpointException(parentCheckpoint, "the checkpoint to fork from does not exist");
        var metadata = TrainingCheckpoint.ReadMetadata(parentCheckpoint);
        var run = new RunDirectory(forkRunDir);
        var store = run.Checkpoints;
        if (store.List().Count > 0) throw new CheckpointException(store.Directory, "the fork's run directory already holds checkpoints");
        run.WriteConfig(forkConfig);
        Directory.CreateDirectory(store.Directory);
        var target = store.PathFor(metadata.Step);
        AtomicFile.Write(target, stream =>
        {
            using var source = File.OpenRead(parentCheckpoint);
            source.CopyTo(stream);
        });
        AtomicFile.WriteAllText(Path.Combine(store.Directory, CheckpointStore.LatestFileName), Path.GetFileName(target) + "\n");
        return metadata.Step;
    }
}
