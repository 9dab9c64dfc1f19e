using Lewel.Engine.Checkpoints;
using Lewel.Engine.Training;

namespace Lewel.Engine.Interop;

/// <summary>Turns what a user passes as <c>--checkpoint</c> into a file: a checkpoint file as is, or a run directory
/// (or its <c>checkpoints/</c> folder), which means its final checkpoint, else its newest one.</summary>
public static class CheckpointPaths
{
    public static string Resolve(string path)
    {
        if (File.Exists(path)) return path;
        if (!Directory.Exists(path)) throw new CheckpointException(path, "no such file or directory");
        var folder = Directory.Exists(Path.Combine(path, RunDirectory.CheckpointsFolder)) ? Path.Combine(path, RunDirectory.CheckpointsFolder) : path;
        foreach (var pointer in new[] { CheckpointStore.FinalFileName, CheckpointStore.LatestFileName })
        {
            var file = Path.Combine(folder, pointer);
            if (!File.Exists(file)) continue;
            var target = Path.Combine(folder, File.ReadAllText(file).Trim());
            if (File.Exists(target)) return target;
        }
        return new CheckpointStore(folder).List().FirstOrDefault()
            ?? throw new CheckpointException(path, "the directory holds no checkpoint (no step*.ckpt, no 'final' or 'latest')");
    }
}
