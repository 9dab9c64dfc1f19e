using System.Text;
using System.Text.Json;

namespace Lewel.Web.Security;

/// <summary>Checks a JSON document more strictly than the binder reads it: no key twice in one object, also not in
/// another case (<c>steps</c> and <c>Steps</c> bind to one field, and the last would silently win), and every number
/// finite (<c>1e999</c> reads as infinity). Errors are keyed by the value's path (<c>lewel.numHeads</c>,
/// <c>monitor.probeIndices[2]</c>), as the configuration's own errors are; a document that is not JSON at all gives
/// one error at the path where reading stopped, with its line and byte position.</summary>
public static class StrictJson
{
    public const int MaxDepth = 64;

    public static Dictionary<string, string[]> Check(ReadOnlySpan<byte> json, out bool malformed)
    {
        var errors = new Dictionary<string, List<string>>();
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        string? pendingName = null; // the property whose value comes next
        malformed = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        pendingName = reader.GetString()!;
                        if (!frame.Keys.Add(pendingName))
                        {
                            var first = frame.Keys.TryGetValue(pendingName, out var spelled) ? spelled : pendingName;
                            Add(errors, Join(frame.Path, first), first == pendingName
                                ? $"'{pendingName}' appears more than once in the same object; give each field once"
                                : $"'{first}' and '{pendingName}' name the same field (field names ignore case); give it once");
                        }
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(ValuePath(frames, pendingName), reader.TokenType == JsonTokenType.StartArray));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        if (frames.TryPeek(out var parent) && parent.IsArray) parent.Index++;
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.Number && !(reader.TryGetDouble(out var number) && double.IsFinite(number)))
                            Add(errors, ValuePath(frames, pendingName),
                                $"{Encoding.UTF8.GetString(reader.ValueSpan)} is not a finite number (at most about ±1.8e308)");
                        if (frames.TryPeek(out var array) && array.IsArray) array.Index++;
                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            malformed = true;
            var path = ValuePath(frames, pendingName);
            var rest = json[(int)Math.Min(json.Length, reader.BytesConsumed)..];
            var position = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
            Add(errors, path.Length == 0 ? "$" : path, StartsWithNonFiniteLiteral(rest)
                ? $"NaN and Infinity are not JSON numbers; give a finite number ({position})"
                : $"the body is not valid JSON at {position}: {FirstSentence(e.Message)}");
        }
        return errors.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    private static string ValuePath(Stack<Frame> frames, string? pendingName)
    {
        if (!frames.TryPeek(out var frame)) return "";
        return frame.IsArray ? $"{frame.Path}[{frame.Index}]" : pendingName is null ? frame.Path : Join(frame.Path, pendingName);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool StartsWithNonFiniteLiteral(ReadOnlySpan<byte> rest)
    {
        var text = Encoding.UTF8.GetString(rest[..Math.Min(rest.Length, 12)]).TrimStart(' ', '\t', '\r', '\n', ':', ',', '[');
        return text.StartsWith("NaN", StringComparison.Ordinal) || text.StartsWith("Infinity", StringComparison.Ordinal)
               || text.StartsWith("-Infinity", StringComparison.Ordinal);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static void Add(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list)) errors[path] = list = [];
        list.Add(message);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
        public HashSet<string> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
