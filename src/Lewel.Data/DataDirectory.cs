using Lewel.Paths;

namespace Lewel.Data;

/// <summary>The layout of the data directory: <c>lewel.db</c> (store), <c>jobs.db</c> (job queue),
/// <c>runs/{id}/</c> (one folder per run), <c>datasets/</c> (generated data-set caches). The database keeps paths relative to <see cref="Root"/>; this class turns
/// them back into absolute paths and refuses any that would leave the directory.</summary>
public sealed class DataDirectory
{
    public const string RunsFolder = "runs";
    private const string DeletingPrefix = ".deleting-";

    public DataDirectory(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("The data directory path is empty.", nameof(root));
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string DatabasePath => Path.Combine(Root, "lewel.db");
    public string JobsDatabasePath => Path.Combine(Root, "jobs.db");
    public string RunsRoot => Path.Combine(Root, RunsFolder);
    /// <summary>Caches of generated data sets (<c>shapes</c>), shared by runs and the CLI.</summary>
    public string DatasetsRoot => Path.Combine(Root, "datasets");

    /// <summary>The run directory relative to <see cref="Root"/>, with forward slashes: <c>runs/12</c>.</summary>
    public static string RelativeRunDirectory(long runId) => $"{RunsFolder}/{runId}";

    public string RunDirectory(long runId) => Path.Combine(RunsRoot, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Resolves a stored relative path. Throws <see cref="UnsafePathException"/> for absolute paths and for
    /// paths that climb out of the data directory (<c>..</c>).</summary>
    public string Resolve(string relativePath) => ResolveUnder(Root, relativePath);

    /// <summary>Resolves a stored path (relative to the data directory) of something run <paramref name="runId"/>
    /// wrote, refusing one that is not in that run's directory or whose real path leaves it.</summary>
    public string ResolveInRun(long runId, string relativePath)
    {
        var prefix = RelativeRunDirectory(runId) + "/";
        if (relativePath is null || !relativePath.StartsWith(prefix, StringComparison.Ordinal))
            throw new UnsafePathException(relativePath, "it is not in the run's directory");
        return ResolveUnder(RunDirectory(runId), relativePath[prefix.Length..]);
    }

    /// <summary>Resolves <paramref name="relativePath"/> under <paramref name="baseDirectory"/>, refusing escapes: by
    /// the text (<c>..</c>, absolute paths), and by the real path, with every symbolic link on the way resolved, so a
    /// link inside the directory that points out of it is refused too (the base directory itself may be reached
    /// through links).</summary>
    public static string ResolveUnder(string baseDirectory, string relativePath)
    {
        EnsureRelativeAndInside(relativePath);
        var root = Path.GetFullPath(baseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!IsInside(full, root)) throw new UnsafePathException(relativePath, "it points outside its directory");
        string realRoot, real;
        try
        {
            realRoot = RealPath.Of(root);
            real = RealPath.Of(full);
        }
        catch (IOException)
        {
            throw new UnsafePathException(relativePath, "its links do not resolve");
        }
        if (!IsInside(real, realRoot)) throw new UnsafePathException(relativePath, "it points outside its directory");
        return full;
    }

    private static bool IsInside(string path, string root)
    {
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(rootWithSeparator, StringComparison.Ordinal);
    }

    /// <summary>Turns a path under a run directory (relative to it, as engine events give them) into a path relative
    /// to the data directory.</summary>
    public static string RunRelativeToDataRelative(string relativeRunDir, string pathInRunDir)
    {
        var normalized = pathInRunDir.Replace('\\', '/');
        EnsureRelativeAndInside(normalized);
        return relativeRunDir.TrimEnd('/') + "/" + normalized;
    }

    /// <summary>Refuses empty and absolute paths, backslashes, NUL, and any path whose "..", counted segment by segment,
    /// climbs above its starting directory.</summary>
    private static void EnsureRelativeAndInside(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UnsafePathException(path, "the path is empty");
        if (Path.IsPathRooted(path) || path.Contains('\\') || path.Contains('\0'))
            throw new UnsafePathException(path, "only relative paths with '/' separators are allowed");
        var depth = 0;
        foreach (var segment in path.Split('/'))
        {
            depth += segment switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0) throw new UnsafePathException(path, "it points outside its directory");
        }
        if (depth == 0) throw new UnsafePathException(path, "it names the directory itself, not a file in it");
    }

    /// <summary>Moves a run directory aside so that a delete is all-or-nothing: the caller removes the database rows,
    /// then either deletes the moved folder (<see cref="PurgeDeleted"/>) or moves it back.</summary>
    public string? MoveRunDirectoryAside(long runId)
    {
        var source = RunDirectory(runId);
        if (!Directory.Exists(source)) return null;
        var target = Path.Combine(RunsRoot, $"{DeletingPrefix}{runId}-{Guid.NewGuid():N}");
        Directory.Move(source, target);
        return target;
    }

    public void RestoreRunDirectory(long runId, string movedPath) => Directory.Move(movedPath, RunDirectory(runId));

    /// <summary>Deletes folders left by deletes (including ones a crash interrupted). Returns how many it removed.</summary>
    public int PurgeDeleted()
    {
        if (!Directory.Exists(RunsRoot)) return 0;
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(RunsRoot, DeletingPrefix + "*"))
        {
            Directory.Delete(dir, recursive: true);
            removed++;
        }
        return removed;
    }
}

/// <summary>A path from a request or a record that is not a safe relative path inside its directory.</summary>
public sealed class UnsafePathException(string? path, string reason)
    : Exception($"Path '{path}' is not allowed: {reason}.");
