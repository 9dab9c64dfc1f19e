using System.Reflection;
using System.Text.Json;
using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Finds fields in a request that the configuration type does not have (a typo such as <c>numHead</c> would
/// otherwise be dropped silently and the run would train with the preset's value).</summary>
internal static class JsonFieldChecker
{
    public static IEnumerable<ConfigError> UnknownFields(JsonElement element, Type type, string path = "")
    {
        if (element.ValueKind != JsonValueKind.Object || !IsRecordLike(type)) yield break;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || p.SetMethod is not null)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var field in element.EnumerateObject())
        {
            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            if (!properties.TryGetValue(field.Name, out var property))
            {
                yield return new ConfigError(fieldPath, $"unknown field '{field.Name}'");
                continue;
            }
            foreach (var nested in UnknownFields(field.Value, property.PropertyType, fieldPath))
                yield return nested;
        }
    }

    private static bool IsRecordLike(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && type.Namespace == typeof(RunConfig).Namespace;
}
