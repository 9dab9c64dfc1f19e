using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Data.Entities;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>The body of a launch: a run configuration plus a few fields about the run rather than the training
/// (<c>tags</c>, <c>notes</c>, <c>paired</c>, <c>priority</c>, <c>worker</c>, <c>gpu</c>, <c>shareGpu</c>,
/// <c>healthWebhookUrl</c>), which are taken out before the configuration is resolved.</summary>
public sealed record LaunchRequest(JsonElement Config, IReadOnlyList<string> Tags, string? Notes, bool Paired,
    RunPriority Priority = RunPriority.Normal)
{
    public static readonly string[] RunFields = ["tags", "notes", "paired", "priority", "worker", "gpu", "shareGpu", Health.RunHealthWebhook.Field];

    /// <summary>The worker (by name) the run must execute on; null: any.</summary>
    public string? Worker { get; init; }
    /// <summary>The GPU index the run must compute on; null: a free one.</summary>
    public int? Gpu { get; init; }
    public bool ShareGpu { get; init; }

    /// <summary>Where a health rule that fires for these runs is posted, besides the global <c>Lewel:Health:WebhookUrl</c>.</summary>
    public string? HealthWebhookUrl { get; init; }
    public const int MaxTags = 32;
    public const int MaxTagLength = 64;
    public const int MaxNotesLength = 10_000;

    /// <summary>Takes the launch's own fields out of the body. A body from the API has passed <see
    /// cref="Security.StrictJson"/> (no key twice, in any case), and the form's comes from a serialised configuration.</summary>
    public static LaunchRequest Parse(JsonElement body, out List<ConfigError> errors)
    {
        errors = [];
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ConfigError("", "the body must be a JSON object holding a run configuration"));
            return new LaunchRequest(body, [], null, false);
        }
        var node = JsonNode.Parse(body.GetRawText())!.AsObject();
        var tags = new List<string>();
        string? notes = null;
        var paired = false;
        if (Take(node, "tags") is { } tagsNode)
        {
            if (tagsNode is JsonArray array && array.All(t => t is JsonValue v && v.TryGetValue<string>(out _)))
                tags.AddRange(array.Select(t => t!.GetValue<string>().Trim()).Where(t => t.Length > 0).Distinct());
            else errors.Add(new ConfigError("tags", "must be an array of strings"));
            if (tags.Any(t => t.Length > MaxTagLength)) errors.Add(new ConfigError("tags", $"a tag may have at most {MaxTagLength} characters"));
            if (tags.Count > MaxTags) errors.Add(new ConfigError("tags", $"has {tags.Count} tags; at most {MaxTags} are allowed"));
        }
        if (Take(node, "notes") is { } notesNode)
        {
            if (notesNode is JsonValue v && v.TryGetValue<string>(out var text))
            {
                notes = text;
                if (text.Length > MaxNotesLength)
                    errors.Add(new ConfigError("notes", $"is {text.Length} characters long; at most {MaxNotesLength} are allowed"));
            }
            else errors.Add(new ConfigError("notes", "must be a string"));
        }
        if (Take(node, "paired") is { } pairedNode)
        {
            if (pairedNode is JsonValue v && v.TryGetValue<bool>(out var flag)) paired = flag;
            else errors.Add(new ConfigError("paired", "must be true or false"));
        }
        string? webhook = null;
        if (Take(node, Health.RunHealthWebhook.Field) is { } webhookNode)
        {
            if (webhookNode is JsonValue v && v.TryGetValue<string>(out var url))
            {
                webhook = url.Trim().Length == 0 ? null : url.Trim();
                if (webhook is not null && Health.RunHealthWebhook.Problem(webhook) is { } problem)
                    errors.Add(new ConfigError(Health.RunHealthWebhook.Field, problem));
            }
            else errors.Add(new ConfigError(Health.RunHealthWebhook.Field, "must be a string holding an http or https URL"));
        }
        var priority = RunPriority.Normal;
        if (Take(node, "priority") is { } priorityNode)
        {
            if (priorityNode is JsonValue v && v.TryGetValue<string>(out var name) && RunPriorities.TryParse(name, out var parsed)) priority = parsed;
            else errors.Add(new ConfigError("priority", RunPriorities.Expected));
        }
        string? worker = null;
        if (Take(node, "worker") is { } workerNode)
        {
            if (workerNode is JsonValue v && v.TryGetValue<string>(out var name) && name.Trim().Length > 0) worker = name.Trim();
            else errors.Add(new ConfigError("worker", "must be a worker's name (see /api/workers)"));
        }
        int? gpu = null;
        if (Take(node, "gpu") is { } gpuNode)
        {
            if (gpuNode is JsonValue v && v.TryGetValue<int>(out var index) && index >= 0) gpu = index;
            else errors.Add(new ConfigError("gpu", "must be a GPU index, 0 or more"));
        }
        var shareGpu = false;
        if (Take(node, "shareGpu") is { } shareNode)
        {
            if (shareNode is JsonValue v && v.TryGetValue<bool>(out var flag)) shareGpu = flag;
            else errors.Add(new ConfigError("shareGpu", "must be true or false"));
        }
        var config = JsonSerializer.SerializeToElement(node);
        return new LaunchRequest(config, tags, notes, paired, priority) { Worker = worker, Gpu = gpu, ShareGpu = shareGpu, HealthWebhookUrl = webhook };
    }

    private static JsonNode? Take(JsonObject node, string name)
    {
        var key = node.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (key is null) return null;
        var value = node[key];
        node.Remove(key);
        return value; // an explicit null counts as absent
    }
}
