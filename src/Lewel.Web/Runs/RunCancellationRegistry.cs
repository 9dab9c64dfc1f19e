using System.Collections.Concurrent;

namespace Lewel.Web.Runs;

/// <summary>The runs executing in this process, each with the token that stops its training loop. A cancel request
/// for a run executing elsewhere reaches it through the store instead (<c>Run.CancelRequested</c>, read at each flush).</summary>
public sealed class RunCancellationRegistry
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> running = new();

    public bool IsExecutingHere(long runId) => running.ContainsKey(runId);

    /// <summary>Registers a run for the duration of its execution; dispose the result when the engine has returned.</summary>
    public Registration Register(long runId)
    {
        var source = new CancellationTokenSource();
        if (!running.TryAdd(runId, source))
        {
            source.Dispose();
            throw new InvalidOperationException($"Run {runId} is already executing in this process.");
        }
        return new Registration(this, runId, source);
    }

    /// <summary>Signals the run's training loop to stop; false when the run is not executing here.</summary>
    public bool Cancel(long runId)
    {
        if (!running.TryGetValue(runId, out var source)) return false;
        try { source.Cancel(); } catch (ObjectDisposedException) { return false; }
        return true;
    }

    public sealed class Registration(RunCancellationRegistry owner, long runId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token { get; } = source.Token;
        public bool IsCancellationRequested => source.IsCancellationRequested;
        public void Cancel() => owner.Cancel(runId);

        public void Dispose()
        {
            owner.running.TryRemove(new KeyValuePair<long, CancellationTokenSource>(runId, source));
            source.Dispose();
        }
    }
}
