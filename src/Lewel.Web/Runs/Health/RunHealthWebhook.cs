using System.Text.Json;
using Lewel.Data;

namespace Lewel.Web.Runs.Health;

/// <summary>A run's own health webhook (the launch's <c>healthWebhookUrl</c>): kept in the run's directory, beside
/// what the run records, so it goes with the run (a deleted run's directory takes it along).</summary>
public static class RunHealthWebhook
{
    public const string Field = "healthWebhookUrl";
    public const string FileName = "health-webhook.json";
    public const int MaxLength = 2048;

    private sealed record Stored(string Url);

    /// <summary>Why <paramref name="url"/> cannot be called, naming the field; null when it is an absolute http or
    /// https URL.</summary>
    public static string? Problem(string url) =>
        url.Length > MaxLength ? $"is {url.Length} characters long; at most {MaxLength} are allowed"
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? null
        : $"must be an absolute http or https URL (e.g. https://hooks.example.org/lewel), got '{url}'";

    public static async Task SaveAsync(DataDirectory dataDirectory, long runId, string url, CancellationToken cancellationToken = default)
    {
        var folder = dataDirectory.RunDirectory(runId);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, FileName), JsonSerializer.Serialize(new Stored(url), RunJson.Options), cancellationToken);
    }

    /// <summary>The run's webhook URL; null when it has none (or its file cannot be read).</summary>
    public static async Task<string?> FindAsync(DataDirectory dataDirectory, long runId, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(dataDirectory.RunDirectory(runId), FileName);
        try
        {
            if (!File.Exists(path)) return null;
            var stored = JsonSerializer.Deserialize<Stored>(await File.ReadAllTextAsync(path, cancellationToken), RunJson.Options);
            return stored?.Url is { } url && Problem(url) is null ? url : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
