using Lewel.Paths;

namespace Lewel.Engine.Data;

/// <summary>The folders a data-set spec may read from (<c>Lewel:DataRoots</c>). A <c>folder:</c>, <c>idx:</c>,
/// <c>cifar10:</c>, <c>cifar100:</c> or <c>stl10:</c> path is resolved to its real path (symbolic links followed) and
/// must lie under one of them; anything else is refused with the same message whether or not the path exists, so a
/// refusal tells nothing about the server's files.</summary>
public sealed class DataRoots
{
    public DataRoots(IEnumerable<string> roots)
    {
        Roots = roots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => Trim(RealPath.Of(r))).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The roots as real, absolute paths.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>The system's data-set folders that exist here (<c>/usr/share/datasets</c>, <c>/usr/share/dataset-*</c>).</summary>
    public static IEnumerable<string> SystemFolders()
    {
        const string share = "/usr/share";
        if (Directory.Exists(Path.Combine(share, "datasets"))) yield return Path.Combine(share, "datasets");
        if (!Directory.Exists(share)) yield break;
        string[] matches;
        try
        {
            matches = Directory.GetDirectories(share, "dataset-*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var folder in matches.Order(StringComparer.Ordinal)) yield return folder;
    }

    /// <summary>The real path of <paramref name="path"/>, or a <see cref="DatasetException"/> naming the roots.</summary>
    public string Resolve(string kind, string path)
    {
        string real;
        try
        {
            real = path.Contains('\0') ? throw new ArgumentException("NUL in path") : RealPath.Of(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            throw Outside(kind, path);
        }
        if (!Roots.Any(root => IsUnder(real, root))) throw Outside(kind, path);
        return real;
    }

    /// <summary>Null when the path is under a root, else why not (the message of <see cref="Resolve"/>).</summary>
    public string? Error(string kind, string path)
    {
        try
        {
            Resolve(kind, path);
            return null;
        }
        catch (DatasetException e)
        {
            return e.Message;
        }
    }

    private DatasetException Outside(string kind, string path) => new(
        $"{kind}: '{path}' is not under a data root; data sets are read only from {(Roots.Count == 0 ? "(no roots are configured)" : string.Join(", ", Roots))} " +
        "(set Lewel:DataRoots to add folders)");

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root == "/" ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
}
