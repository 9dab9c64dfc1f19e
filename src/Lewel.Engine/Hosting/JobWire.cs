using System.Text.Json;
using System.Text.Json.Serialization;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Hosting;

/// <summary>The line protocol between a supervisor and its child process.
/// <para>Child → supervisor, on stdout: one message per line, <see cref="Prefix"/> followed by a JSON object with a
/// <c>type</c> (a <see cref="TrainingEvent"/> type name, or <c>result</c>). Any other stdout line (a native library
/// printing) is a log line, never a message.</para>
/// <para>Supervisor → child, on stdin: the line <see cref="StopCommand"/> asks the child to checkpoint and exit; the
/// end of stdin means the supervisor is gone, and the child exits at once. stdin is thus also the liveness pipe: it
/// closes when the supervisor dies, even by <c>kill -9</c>.</para></summary>
public static class JobWire
{
    public const string Prefix = "@lewel ";
    public const string StopCommand = "stop";
    public const string ResultType = "result";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, Type> EventTypes = typeof(TrainingEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(TrainingEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The stdout line that carries <paramref name="e"/>.</summary>
    public static string Encode(TrainingEvent e) => Line(e.GetType().Name, JsonSerializer.SerializeToNode(e, e.GetType(), Options));

    public static string Encode(JobResult result) => Line(ResultType, JsonSerializer.SerializeToNode(result, Options));

    private static string Line(string type, System.Text.Json.Nodes.JsonNode? body)
    {
        var node = body?.AsObject() ?? [];
        node.Insert(0, "type", type);
        return Prefix + node.ToJsonString(Options);
    }

    /// <summary>Decodes one stdout line: a training event, a result, or neither (a plain output line, or a message of a
    /// type this build does not know, both returned as <see cref="WireMessage.Text"/>).</summary>
    public static WireMessage Decode(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return new WireMessage(null, null, line);
        try
        {
            using var document = JsonDocument.Parse(line.AsMemory(Prefix.Length));
            var type = document.RootElement.GetProperty("type").GetString();
            if (type == ResultType) return new WireMessage(null, document.RootElement.Deserialize<JobResult>(Options), null);
            if (type is not null && EventTypes.TryGetValue(type, out var eventType))
                return new WireMessage((TrainingEvent?)document.RootElement.Deserialize(eventType, Options), null, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or NotSupportedException)
        {
            return new WireMessage(null, null, $"unreadable message from the child ({e.Message}): {line}");
        }
        return new WireMessage(null, null, line);
    }
}

/// <summary>One decoded stdout line: exactly one of the three is set.</summary>
public sealed record WireMessage(TrainingEvent? Event, JobResult? Result, string? Text);

/// <summary>How the child's work ended, its last message before it exits.</summary>
public sealed record JobResult(TrainingOutcome Outcome, int Step, string? Error);
