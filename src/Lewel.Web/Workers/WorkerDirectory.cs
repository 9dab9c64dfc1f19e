using System.Text.Json;
using Lewel.Data.Stores;
using Lewel.Web.Jobs;

namespace Lewel.Web.Workers;

/// <summary>The registered job hosts with their state (live or lost), for the Workers page and <c>/api/workers</c>.</summary>
public sealed class WorkerDirectory(WorkerStore workers, JobsOptions options, TimeProvider time)
{
    public async Task<IReadOnlyList<WorkerDto>> ListAsync(CancellationToken cancellationToken = default)
    {
        var staleBefore = time.GetUtcNow().UtcDateTime.AddSeconds(-options.StaleAfterSeconds);
        var listed = await workers.ListAsync(cancellationToken);
        return listed.Select(entry =>
        {
            var (w, running) = entry;
            using var gpus = JsonDocument.Parse(string.IsNullOrWhiteSpace(w.GpusJson) ? "[]" : w.GpusJson);
            return new WorkerDto(w.Id, w.Machine, w.ProcessId, w.Queues, w.Devices, gpus.RootElement.Clone(), w.StartedAt, w.HeartbeatAt,
                w.HeartbeatAt < staleBefore ? WorkerDto.Lost : WorkerDto.Live, running);
        }).ToList();
    }
}
