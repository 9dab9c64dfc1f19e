using System.Reflection;
using System.Text.Json;

namespace Lewel.Engine.Config;

/// <summary>Finds every NaN or ±Infinity in a configuration, wherever it sits, by its camelCase JSON path. A field the
/// method does not use (LARS's eta under SGD) is still stored and serialised, so it must be finite too.</summary>
public static class NonFiniteFields
{
    public static IEnumerable<string> In(object? section, string path = "")
    {
        if (section is null) yield break;
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod?.IsStatic == true) continue;
            var name = Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            var value = property.GetValue(section);
            switch (value)
            {
                case double number when !double.IsFinite(number):
                    yield return name;
                    break;
                case double[] numbers:
                    for (var i = 0; i < numbers.Length; i++)
                        if (!double.IsFinite(numbers[i])) yield return $"{name}[{i}]";
                    break;
                case not null when property.PropertyType.Namespace == typeof(RunConfig).Namespace && property.PropertyType.IsClass:
                    foreach (var inner in In(value, name)) yield return inner;
                    break;
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
