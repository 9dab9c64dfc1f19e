using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>The target keys of the last loss, each with the queue it is bound for, held outside any dispose scope until
/// they are enqueued after the optimiser step. Not a tensor field, so module registration never mistakes it for a
/// buffer.</summary>
internal sealed class PendingKeys : IDisposable
{
    private readonly List<(KeyQueue Queue, Tensor Keys)> held = [];

    /// <summary>Replaces whatever the previous loss left: a loss without an optimiser step enqueues nothing.</summary>
    public void Hold(params (KeyQueue Queue, Tensor Keys)[] writes)
    {
        Clear();
        foreach (var (queue, keys) in writes)
            held.Add((queue, keys.detach().DetachFromDisposeScope()));
    }

    /// <summary>Writes the held keys into their queues, then lets them go.</summary>
    public void Enqueue()
    {
        foreach (var (queue, keys) in held) queue.Enqueue(keys);
        Clear();
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var (_, keys) in held) keys.Dispose();
        held.Clear();
    }
}
