using System.Globalization;
using System.Text.Json.Nodes;

namespace Lewel.Web.Components.Configs;

/// <summary>One configuration field whose value is not the same in every compared run. <see cref="Values"/> has one
/// entry per run, in order; null where the run's configuration lacks the field.</summary>
public sealed record ConfigDifference(string Group, string Path, IReadOnlyList<string?> Values);

/// <summary>Compares resolved run configurations field by field (flattened camelCase JSON paths) and sorts what differs
/// into the groups a reader thinks in: method, model, augmentation, optimiser, schedule, data, run.</summary>
public static class ConfigDiffer
{
    public const string Method = "method", Model = "model", Augmentation = "augmentation", Optimiser = "optimiser",
        Schedule = "schedule", Data = "data", Run = "run";

    /// <summary>Group order on screen.</summary>
    public static readonly IReadOnlyList<string> Groups = [Method, Model, Augmentation, Optimiser, Schedule, Data, Run];

    /// <summary>Fields that always differ between runs and say nothing about the training.</summary>
    private static readonly HashSet<string> Ignored = ["name"];

    /// <summary>Every field that differs between <paramref name="configsJson"/>, in group order, then path order.</summary>
    /// <exception cref="ArgumentException">A configuration is not a JSON object.</exception>
    public static IReadOnlyList<ConfigDifference> Diff(IReadOnlyList<string> configsJson)
    {
        var flattened = configsJson.Select((json, i) => Flatten(json, i)).ToList();
        var paths = flattened.SelectMany(f => f.Keys).Distinct(StringComparer.Ordinal).Where(p => !Ignored.Contains(p));
        var differences = new List<ConfigDifference>();
        foreach (var path in paths)
        {
            var values = flattened.Select(f => f.TryGetValue(path, out var v) ? v : null).ToList();
            if (values.Distinct(StringComparer.Ordinal).Count() > 1)
                differences.Add(new ConfigDifference(GroupOf(path), path, values));
        }
        return [.. differences.OrderBy(d => IndexOfGroup(d.Group)).ThenBy(d => d.Path, StringComparer.Ordinal)];
    }

    /// <summary>The group a camelCase config path belongs to.</summary>
    public static string GroupOf(string path)
    {
        var root = path.Split('.', '[')[0];
        return root switch
        {
            "method" or "preset" or "heads" or "lewel" or "moco" or "target" => Method,
            "backbone" or "width" or "stem" or "stemPadding" => Model,
            "augmentation" => Augmentation,
            "optimizer" => Optimiser,
            "schedule" or "epochs" or "steps" or "batchSize" => Schedule,
            "dataset" or "imageSize" => Data,
            _ => Run,
        };
    }

    /// <summary>Leaf values of a JSON object by path: <c>augmentation.view2.solarizeProbability</c> → <c>0.2</c>; arrays
    /// are one value (<c>[0, 1, 2]</c>).</summary>
    public static IReadOnlyDictionary<string, string> Flatten(string json, int index = 0)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"Configuration {index + 1} is not valid JSON: {e.Message}", nameof(json), e);
        }
        if (root is not JsonObject obj) throw new ArgumentException($"Configuration {index + 1} is not a JSON object", nameof(json));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(obj, "", result);
        return result;
    }

    private static void Walk(JsonObject node, string prefix, Dictionary<string, string> into)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is JsonObject child) Walk(child, path, into);
            else into[path] = Render(value);
        }
    }

    private static string Render(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray array => "[" + string.Join(", ", array.Select(Render)) + "]",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("G6", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    private static int IndexOfGroup(string group)
    {
        for (var i = 0; i < Groups.Count; i++) if (Groups[i] == group) return i;
        return Groups.Count;
    }
}
