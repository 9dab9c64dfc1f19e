using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lewel.Web.Runs;

/// <summary>The hash an idempotency key is stored with: SHA-256 of the request body with its object keys sorted and
/// no whitespace, plus whether it asks for a pair. Two spellings of one request (key order, spacing) hash alike.</summary>
public static class LaunchRequestHash
{
    public static string Of(JsonElement body, bool paired)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("paired", paired);
            writer.WritePropertyName("body");
            WriteCanonical(writer, body);
            writer.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                // By value where it fits a decimal: 1, 1.0 and 1e0 are one number (G29 drops trailing zeros).
                writer.WriteRawValue(element.TryGetDecimal(out var number)
                    ? number.ToString("G29", System.Globalization.CultureInfo.InvariantCulture)
                    : element.GetRawText());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
