using Lewel.Data;
using Lewel.Data.Stores;

namespace Lewel.Web.Runs;

/// <summary>Absolute paths of a run's recorded artefacts, looked up by record (never built from request text).</summary>
public sealed class ArtifactPaths(ArtifactReader artifacts, DataDirectory dataDirectory)
{
    /// <summary>The file of the run's checkpoint named <paramref name="fileName"/>; throws when none is recorded or the
    /// file is gone.</summary>
    public string Checkpoint(long runId, string fileName)
    {
        var record = artifacts.CheckpointsAsync(runId).GetAwaiter().GetResult().FirstOrDefault(c => c.FileName == fileName)
            ?? throw new FileNotFoundException($"Run {runId} has no checkpoint named '{fileName}'.");
        string path;
        try
        {
            path = dataDirectory.ResolveInRun(runId, record.RelativePath);
        }
        catch (UnsafePathException)
        {
            throw new FileNotFoundException($"Run {runId} has no checkpoint named '{fileName}'.");
        }
        return File.Exists(path) ? path : throw new FileNotFoundException($"Checkpoint '{fileName}' of run {runId} is recorded but its file is missing.", path);
    }
}
