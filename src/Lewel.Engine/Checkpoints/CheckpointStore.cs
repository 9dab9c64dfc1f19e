using System.Globalization;
using System.Text.RegularExpressions;
using Lewel.Engine.Training.Optim;
using static TorchSharp.torch;

namespace Lewel.Engine.Checkpoints;

/// <summary>The <c>checkpoints/</c> folder of a run: <c>step{N:D7}.ckpt</c> files, a <c>latest</c> file naming the
/// newest one, and a <c>final</c> file naming the one written at the end of the run. Keeps the newest
/// <see cref="KeepLast"/> plus the final; never exposes a half-written file (see <see cref="AtomicFile"/>).</summary>
public sealed partial class CheckpointStore(string directory)
{
    public const int KeepLast = 3;
    public const string LatestFileName = "latest";
    public const string FinalFileName = "final";

    public string Directory { get; } = directory;

    public string PathFor(int step) => Path.Combine(Directory, $"step{step:D7}.ckpt");

    /// <summary>Checkpoint files, newest step first.</summary>
    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "step*.ckpt")
            .Select(path => (Path: path, Step: StepOf(path)))
            .Where(f => f.Step >= 0)
            .OrderByDescending(f => f.Step)
            .Select(f => f.Path)
            .ToList();
    }

    /// <summary>Writes the checkpoint of step <see cref="CheckpointMetadata.Step"/>, points <c>latest</c> (and
    /// <c>final</c> when <see cref="CheckpointMetadata.Final"/>) at it and prunes old ones.</summary>
    public (string Path, long Bytes) Write(CheckpointMetadata metadata, nn.Module model, IPretrainOptimizer optimizer)
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.DeleteLeftovers(Directory);
        var path = PathFor(metadata.Step);
        var bytes = TrainingCheckpoint.Write(path, metadata, model, optimizer);
        AtomicFile.WriteAllText(Path.Combine(Directory, LatestFileName), Path.GetFileName(path) + "\n");
        if (metadata.Final)
            AtomicFile.WriteAllText(Path.Combine(Directory, FinalFileName), Path.GetFileName(path) + "\n");
        Prune();
        return (path, bytes);
    }

    /// <summary>Restores the newest checkpoint that reads cleanly. Each unreadable one is reported through
    /// <paramref name="warn"/> (naming the file and the problem) and the next older one is tried. Returns null when
    /// the folder holds no checkpoint; throws the last <see cref="CheckpointException"/> when none is readable.</summary>
    public (string Path, CheckpointMetadata Metadata)? RestoreNewest(nn.Module model, IPretrainOptimizer optimizer, Action<string> warn)
    {
        var candidates = List();
        CheckpointException? last = null;
        foreach (var path in candidates)
        {
            try
            {
                return (path, TrainingCheckpoint.Restore(path, model, optimizer));
            }
            catch (CheckpointException e)
            {
                last = e;
                var next = candidates.SkipWhile(c => c != path).Skip(1).FirstOrDefault();
                warn(e.Message + (next is null ? "; no older checkpoint is left" : $"; falling back to {Path.GetFileName(next)}"));
            }
        }
        if (last is not null)
            throw new CheckpointException(Directory, $"none of the {candidates.Count} checkpoint(s) could be read; the newest failed with: {last.Message}", last);
        return null;
    }

    private void Prune()
    {
        var keep = List().Take(KeepLast).ToHashSet();
        var final = ReadPointer(FinalFileName);
        if (final is not null) keep.Add(final);
        foreach (var path in List().Where(p => !keep.Contains(p)))
            File.Delete(path);
    }

    private string? ReadPointer(string name)
    {
        var pointer = Path.Combine(Directory, name);
        if (!File.Exists(pointer)) return null;
        var file = File.ReadAllText(pointer).Trim();
        return file.Length == 0 ? null : Path.Combine(Directory, file);
    }

    private static int StepOf(string path)
    {
        var match = StepFileName().Match(Path.GetFileName(path));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"^step(\d+)\.ckpt$")]
    private static partial Regex StepFileName();
}
