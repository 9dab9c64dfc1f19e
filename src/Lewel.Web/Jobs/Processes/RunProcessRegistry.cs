using System.Collections.Concurrent;

namespace Lewel.Web.Jobs.Processes;

/// <summary>The child processes this host supervises now, by run id (an inspection has run id 0 and is not listed).</summary>
public sealed class RunProcessRegistry
{
    private readonly ConcurrentDictionary<long, int> processes = new();

    public IReadOnlyDictionary<long, int> Current => processes;

    public int? ProcessOf(long runId) => processes.TryGetValue(runId, out var pid) ? pid : null;

    public IDisposable Register(long runId, int processId)
    {
        if (runId > 0) processes[runId] = processId;
        return new Registration(this, runId, processId);
    }

    private sealed class Registration(RunProcessRegistry registry, long runId, int processId) : IDisposable
    {
        public void Dispose() => registry.processes.TryRemove(new KeyValuePair<long, int>(runId, processId));
    }
}
