namespace Lewel.Data.Entities;

/// <summary>A host that runs jobs (a worker host, or the studio itself when it runs jobs), as it last reported itself:
/// which machine and process, the queues it serves with how many slots each, its devices and GPUs, and when it was last
/// seen. Its <see cref="Id"/> is the name it stamps on the runs it holds (<see cref="Run.Host"/>).</summary>
public sealed class WorkerRecord
{
    public const int MaxIdLength = 256;

    private WorkerRecord() { }

    public WorkerRecord(string id, string machine, int processId, DateTime startedAt)
    {
        Id = id;
        Machine = machine;
        ProcessId = processId;
        StartedAt = startedAt;
        HeartbeatAt = startedAt;
    }

    public string Id { get; private set; } = "";
    public string Machine { get; private set; } = "";
    public int ProcessId { get; private set; }
    /// <summary>The queues it serves, with the slots each, as <c>cpu=2</c>, <c>gpu=1</c>.</summary>
    public List<string> Queues { get; set; } = [];
    /// <summary>The devices runs may use on it: <c>cpu</c>, <c>cuda:0</c>, ...</summary>
    public List<string> Devices { get; set; } = [];
    /// <summary>Its GPUs as JSON, <c>[{"index":0,"name":"...","memoryMiB":81920}]</c>; <c>[]</c> when it has none.</summary>
    public string GpusJson { get; set; } = "[]";
    public DateTime StartedAt { get; private set; }
    public DateTime HeartbeatAt { get; set; }
}
