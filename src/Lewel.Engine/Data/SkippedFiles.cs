namespace Lewel.Engine.Data;

/// <summary>One line about the files a data set skipped, for logs and command output:
/// "skipped 12 files: a.png (not an image …), … (and 2 more)".</summary>
public static class SkippedFiles
{
    public const int Listed = 10;

    public static string? Summary(IReadOnlyList<string> skipped)
    {
        if (skipped.Count == 0) return null;
        var more = skipped.Count > Listed ? $", … (and {skipped.Count - Listed} more)" : "";
        return $"skipped {skipped.Count} file{(skipped.Count == 1 ? "" : "s")}: {string.Join(", ", skipped.Take(Listed))}{more}";
    }
}
