using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lewel.Web.Runs.CrossProcess;

/// <summary>Run updates as PostgreSQL notification payloads on <see cref="Channel"/>: JSON with the sending process
/// and the update's kind. A payload must stay under PostgreSQL's 8000 bytes, so a large metrics or log update is split
/// into several (each a valid update on its own); a single point or line that still does not fit is dropped (the store
/// has it; only its live display is missed).</summary>
public static class RunUpdateWire
{
    public const string Channel = "lewel_run_updates";
    public const int MaxPayloadBytes = 7900;

    private static readonly JsonSerializerOptions Json = CreateJson();

    private sealed record Envelope(string Sender, string Kind, JsonElement Update);

    public static IEnumerable<string> Encode(string sender, RunUpdate update)
    {
        var payload = JsonSerializer.Serialize(new Envelope(sender, update.Kind, JsonSerializer.SerializeToElement(update, update.GetType(), Json)), Json);
        if (Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes)
        {
            yield return payload;
            yield break;
        }
        IEnumerable<RunUpdate> parts = update switch
        {
            MetricsAppended { Points.Count: > 1 } m => [m with { Points = [.. m.Points.Take(m.Points.Count / 2)] }, m with { Points = [.. m.Points.Skip(m.Points.Count / 2)] }],
            LogLinesAppended { Lines.Count: > 1 } l => [l with { Lines = [.. l.Lines.Take(l.Lines.Count / 2)] }, l with { Lines = [.. l.Lines.Skip(l.Lines.Count / 2)] }],
            _ => [],
        };
        foreach (var part in parts)
            foreach (var piece in Encode(sender, part))
                yield return piece;
    }

    /// <summary>The sender and the update, or null for a payload that is not a run update this version knows.</summary>
    public static (string Sender, RunUpdate Update)? Decode(string payload)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
            if (envelope is null) return null;
            Type? type = envelope.Kind switch
            {
                "status" => typeof(RunStatusChanged),
                "metrics" => typeof(MetricsAppended),
                "snapshot" => typeof(SnapshotAdded),
                "evaluation" => typeof(EvaluationAdded),
                "checkpoint" => typeof(CheckpointAdded),
                "log" => typeof(LogLinesAppended),
                "deleted" => typeof(RunDeleted),
                _ => null,
            };
            if (type is null || envelope.Update.Deserialize(type, Json) is not RunUpdate update) return null;
            return (envelope.Sender, update);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
