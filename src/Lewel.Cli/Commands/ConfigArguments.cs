using System.Text.Json;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;

namespace Lewel.Cli.Commands;

/// <summary>Builds the user's part of a run configuration from the command line: the <c>--config</c> JSON file, then
/// the values of explicit flags, then each <c>--set path=value</c> (camelCase paths such as <c>lewel.numHeads</c>).
/// Later sources win. The result is laid over the method's preset by <see cref="RunConfigMerger"/>.</summary>
public static class ConfigArguments
{
    public static JsonObject Build(string? configFile, IEnumerable<(string Path, JsonNode? Value)> flags, IEnumerable<string> assignments)
    {
        var user = configFile is null ? new JsonObject() : ReadFile(configFile);
        foreach (var (path, value) in flags) SetPath(user, path, value);
        foreach (var assignment in assignments)
        {
            var (path, value) = ParseAssignment(assignment);
            SetPath(user, path, value);
        }
        return user;
    }

    /// <summary>Splits <c>path=value</c>. The value is read as JSON when it is JSON (<c>2</c>, <c>0.5</c>, <c>true</c>,
    /// <c>[0,1]</c>, <c>"text"</c>), otherwise taken as a string (<c>dataset=shapes:size=32</c>).</summary>
    public static (string Path, JsonNode? Value) ParseAssignment(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
            throw new ConfigException([new ConfigError("", $"--set '{text}' is not of the form path=value (e.g. lewel.numHeads=2)")]);
        var path = text[..equals].Trim();
        if (path.Split('.').Any(part => part.Length == 0))
            throw new ConfigException([new ConfigError(path, $"--set '{text}': the path has an empty part")]);
        var raw = text[(equals + 1)..].Trim();
        try
        {
            return (path, JsonNode.Parse(raw));
        }
        catch (JsonException)
        {
            return (path, JsonValue.Create(raw));
        }
    }

    /// <summary>Sets <paramref name="path"/> (dot-separated) in <paramref name="root"/>, creating objects on the way.</summary>
    public static void SetPath(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var existing = Find(node, parts[i]);
            if (existing.Value is JsonObject child)
            {
                node = child;
                continue;
            }
            if (existing.Value is not null)
                throw new ConfigException([new ConfigError(string.Join('.', parts[..(i + 1)]), "is not a section, so it has no field " + parts[i + 1])]);
            var created = new JsonObject();
            node[existing.Key ?? parts[i]] = created;
            node = created;
        }
        var last = Find(node, parts[^1]);
        node[last.Key ?? parts[^1]] = value?.DeepClone();
    }

    private static KeyValuePair<string, JsonNode?> Find(JsonObject node, string key) =>
        node.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));

    private static JsonObject ReadFile(string path)
    {
        if (!File.Exists(path)) throw new ConfigException([new ConfigError("", $"--config: the file {path} does not exist")]);
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new ConfigException([new ConfigError("", $"--config: {path} does not hold a JSON object")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError("", $"--config: {path} is not valid JSON ({e.Message})")]);
        }
    }
}
