namespace Lewel.Data;

/// <summary>The real path of a file or folder, like <c>realpath</c>: every existing component that is a symbolic link
/// is replaced by its final target (recursively, so a link inside a link's target is followed too); components
/// that do not exist yet stay as written.</summary>
public static class RealPath
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
        var segments = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var next = Path.Combine(current, segments[i]);
            var info = new FileInfo(next); // lstat: also describes a link to a directory
            if (info.LinkTarget is null)
            {
                current = next;
                if (!info.Exists && !Directory.Exists(next))
                    return Path.Combine([current, .. segments[(i + 1)..]]); // nothing below a missing folder can be a link
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"Too many levels of symbolic links in '{fullPath}'.");
            var target = info.LinkTarget;
            var targetPath = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            current = Resolve(targetPath, ref links);
        }
        return current;
    }
}
