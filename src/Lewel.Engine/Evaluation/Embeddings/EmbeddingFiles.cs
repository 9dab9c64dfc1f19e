using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lewel.Engine.Evaluation.Embeddings;

/// <summary>The <c>embeddings/</c> folder of a run: <c>step{N:D7}.json</c>, one <see cref="EmbeddingProjection"/> per
/// kNN monitor point, and <c>thumbnails.png</c>, a grid of the kept images (tile i is point i of every projection).</summary>
public static partial class EmbeddingFiles
{
    public const string Folder = "embeddings";
    public const string ThumbnailsFile = "thumbnails.png";
    public const string ThumbnailsLayoutFile = "thumbnails.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string FileFor(int step) => $"{Folder}/step{step:D7}.json";

    /// <summary>Steps of the stored projections under <paramref name="runRoot"/>, ascending.</summary>
    public static IReadOnlyList<int> Steps(string runRoot)
    {
        var folder = Path.Combine(runRoot, Folder);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "step*.json")
            .Select(path => StepFileName().Match(Path.GetFileName(path)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order()
            .ToList();
    }

    /// <summary>The projection of <paramref name="step"/>, or null when it is missing or unreadable.</summary>
    public static EmbeddingProjection? Read(string runRoot, int step)
    {
        var path = Path.Combine(runRoot, FileFor(step));
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<EmbeddingProjection>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^step(\d+)\.json$")]
    private static partial Regex StepFileName();
}

/// <summary>Where each point's image sits in <c>thumbnails.png</c>: tile i at column i mod Columns, row i / Columns.</summary>
public sealed record ThumbnailLayout(int Tile, int Columns, int Count);
