using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lewel.Engine.Config;

/// <summary>Lays a user's configuration JSON over a preset field by field, so every field the user leaves out keeps the
/// preset's value; objects merge recursively, everything else (numbers, strings, arrays, null) replaces.</summary>
public static class RunConfigMerger
{
    /// <summary>A new node: <paramref name="preset"/> with <paramref name="user"/>'s fields laid over it. Keys match
    /// case-insensitively (as <see cref="RunConfig.FromJson"/> reads them) and keep the preset's spelling.</summary>
    public static JsonNode Apply(JsonNode preset, JsonNode user)
    {
        if (preset is not JsonObject presetObject || user is not JsonObject userObject)
            return user.DeepClone();
        var merged = (JsonObject)presetObject.DeepClone();
        foreach (var (key, value) in userObject)
        {
            var existing = merged.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
            if (existing.Key is null)
                merged[key] = value?.DeepClone();
            else if (existing.Value is JsonObject && value is JsonObject)
                merged[existing.Key] = Apply(existing.Value, value);
            else
                merged[existing.Key] = value?.DeepClone();
        }
        return merged;
    }

    /// <summary>The user's JSON over the preset its <c>method</c> and <c>preset</c> fields name (defaults lewel-b and
    /// small), as a <see cref="RunConfig"/>. Unknown fields and unreadable values are errors, not silently dropped.</summary>
    /// <exception cref="ConfigException">The JSON is not an object, names an unknown field, method or preset, or holds a
    /// value of the wrong type.</exception>
    public static RunConfig Resolve(string userJson)
    {
        JsonNode? user;
        try
        {
            user = JsonNode.Parse(userJson);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError("", $"the configuration is not valid JSON: {e.Message}")]);
        }
        if (user is not JsonObject userObject)
            throw new ConfigException([new ConfigError("", "the configuration must be a JSON object")]);

        var unknown = UnknownFields(userObject, typeof(RunConfig), "");
        if (unknown.Count > 0) throw new ConfigException(unknown);

        var method = StringField(userObject, "method") ?? MethodIds.LewelB;
        var preset = StringField(userObject, "preset") ?? Presets.Small;
        var baseNode = JsonNode.Parse(Presets.For(method, preset).ToJson())!;
        var merged = Apply(baseNode, userObject);
        try
        {
            return merged.Deserialize<RunConfig>(RunConfig.Json)
                   ?? throw new ConfigException([new ConfigError("", "the configuration is empty")]);
        }
        catch (JsonException e)
        {
            throw new ConfigException([new ConfigError(CamelPath(e.Path), $"has a value of the wrong type: {e.Message}")]);
        }
    }

    /// <summary>Every field of <paramref name="node"/> that <paramref name="type"/> (a config record) does not have.</summary>
    public static IReadOnlyList<ConfigError> UnknownFields(JsonObject node, Type type, string path)
    {
        var errors = new List<ConfigError>();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in node)
        {
            var fieldPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                errors.Add(new ConfigError(fieldPath, $"is not a configuration field (known here: {string.Join(", ", properties.Keys)})"));
                continue;
            }
            var propertyType = property.PropertyType;
            var canonical = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (value is JsonObject child && propertyType.IsClass && propertyType != typeof(string) && !propertyType.IsArray)
                errors.AddRange(UnknownFields(child, propertyType, path.Length == 0 ? canonical : $"{path}.{canonical}"));
        }
        return errors;
    }

    private static string? StringField(JsonObject node, string name)
    {
        var value = node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is null) return null;
        if (value is JsonValue v && v.TryGetValue<string>(out var text)) return text;
        throw new ConfigException([new ConfigError(name, $"must be a string, got {value.ToJsonString()}")]);
    }

    // System.Text.Json reports "$.optimizer.baseLr"; config paths drop the "$.".
    private static string CamelPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
}
