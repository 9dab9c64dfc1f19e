using System.Reflection;
using System.Text.Json;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Finds the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> where a launch body gives a
/// number field of the run configuration. The configuration's reader takes them as numbers, and no bound compares
/// true against NaN, so such a value would pass every check and fail only when the run is stored or trained.</summary>
public static class NonFiniteConfigNumbers
{
    private static readonly string[] NamedLiterals = ["NaN", "Infinity", "-Infinity", "+Infinity"];

    public static IReadOnlyList<ConfigError> Find(JsonElement config)
    {
        var errors = new List<ConfigError>();
        if (config.ValueKind == JsonValueKind.Object) Walk(config, typeof(RunConfig), "", errors);
        return errors;
    }

    private static void Walk(JsonElement node, Type type, string path, List<ConfigError> errors)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var field in node.EnumerateObject())
        {
            if (!properties.TryGetValue(field.Name, out var property)) continue; // unknown fields are reported elsewhere
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var fieldType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsNumber(fieldType)) Check(field.Value, fieldPath, errors);
            else if (fieldType.IsArray && IsNumber(fieldType.GetElementType()!) && field.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in field.Value.EnumerateArray()) Check(item, $"{fieldPath}[{index++}]", errors);
            }
            else if (field.Value.ValueKind == JsonValueKind.Object && fieldType.IsClass && fieldType != typeof(string))
                Walk(field.Value, fieldType, fieldPath, errors);
        }
    }

    private static void Check(JsonElement value, string path, List<ConfigError> errors)
    {
        if (value.ValueKind == JsonValueKind.String
            && NamedLiterals.Contains(value.GetString()!.Trim(), StringComparer.OrdinalIgnoreCase))
            errors.Add(new ConfigError(path, $"is \"{value.GetString()}\"; give a finite number"));
    }

    private static bool IsNumber(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(int) || type == typeof(long);
}
