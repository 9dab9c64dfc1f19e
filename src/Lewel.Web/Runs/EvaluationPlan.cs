using System.Text.Json;

namespace Lewel.Web.Runs;

/// <summary>What an evaluation run measures: a protocol on one checkpoint of its parent run, with the protocol's
/// parameters (strings, as in the request). Stored as the evaluation run's configuration JSON.</summary>
public sealed record EvaluationPlan(string Protocol, long ParentRunId, string Checkpoint, int CheckpointStep,
    IReadOnlyDictionary<string, string> Parameters)
{
    public string ToJson() => JsonSerializer.Serialize(this, RunJson.Options);

    public static EvaluationPlan FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationPlan>(json, RunJson.Options) ?? throw new FormatException("the evaluation plan is empty");
}

/// <summary>Body of <c>POST /api/runs/{id}/evaluate</c>: a protocol, the checkpoint to measure (file name; the run's
/// newest when omitted) and the protocol's parameters.</summary>
public sealed record EvaluateRequest(string? Protocol, string? Checkpoint, Dictionary<string, string>? Parameters);
