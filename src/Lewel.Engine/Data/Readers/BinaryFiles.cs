using System.IO.Compression;

namespace Lewel.Engine.Data.Readers;

/// <summary>Reading whole data files with errors that name the file and the problem.</summary>
internal static class BinaryFiles
{
    public static string RequireDirectory(string kind, string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new DatasetException($"{kind}: no directory given (write {kind}:/path/to/data)");
        var full = Path.GetFullPath(ExpandHome(directory));
        if (!Directory.Exists(full)) throw new DatasetException($"{kind}: directory '{full}' does not exist");
        return full;
    }

    /// <summary>Reads a file completely; <c>.gz</c> files are decompressed.</summary>
    public static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new DatasetException($"'{path}' is missing");
        try
        {
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gzip.CopyTo(memory);
            return memory.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DatasetException($"'{path}' is not a valid gzip file (truncated or corrupt): {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Non-empty trimmed lines of a text file, or null when it does not exist.</summary>
    public static string[]? ReadNames(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray() : null;

    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
