namespace Lewel.Paths;

/// <summary>The canonical form of a path with every symbolic link resolved, component by component (what realpath(3)
/// gives), so a check against a root looks at where the path really leads, not at its text. Components that do not
/// exist are kept as written: such a path leads nowhere yet, and whatever is created there later is checked again when
/// it is opened. One source compiled into Lewel.Data (files served under the data directory) and Lewel.Engine (data
/// roots), which share no project.</summary>
internal static class RealPath
{
    /// <summary>More links than this while resolving one path is a loop (Linux gives up at 40 as well).</summary>
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string fullPath, ref int links)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            string? target = null;
            try
            {
                target = info.LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable: treat as a plain component; opening it fails later with the reader's own error.
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many symbolic links in {fullPath}");
            var resolved = Path.GetFullPath(target, current);
            var rest = string.Join(Path.DirectorySeparatorChar, parts[(i + 1)..]);
            return Resolve(rest.Length == 0 ? resolved : Path.Combine(resolved, rest), ref links);
        }
        return current;
    }
}
