namespace Lewel.Web.Apis;

/// <summary>The evaluation protocols a checkpoint can be measured with (lewel-method.md §8).</summary>
public static class EvaluationProtocols
{
    public static readonly IReadOnlyList<string> All = ["knn", "linear", "semi", "dense", "localisation"];
}

/// <summary>Body of <c>POST /api/runs/{id}/evaluate</c>: a protocol, the checkpoint to measure (file name; the run's
/// latest when omitted) and the protocol's parameters.</summary>
public sealed record EvaluateRequest(string? Protocol, string? Checkpoint, Dictionary<string, string>? Parameters);
