using System.Text.Json;

namespace Lewel.Web.Workers;

/// <summary>A job host as the studio shows it. <see cref="Status"/> is <c>live</c>, or <c>lost</c> once its heartbeat is
/// older than <c>Lewel:Jobs:StaleAfterSeconds</c> (then its runs are resumed elsewhere).</summary>
public sealed record WorkerDto(
    string Id,
    string Machine,
    int ProcessId,
    IReadOnlyList<string> Queues,
    IReadOnlyList<string> Devices,
    JsonElement Gpus,
    DateTime StartedAt,
    DateTime LastSeenAt,
    string Status,
    IReadOnlyList<long> RunningRunIds)
{
    public const string Live = "live";
    public const string Lost = "lost";
}
