namespace Lewel.Web.Jobs.Workers;

/// <summary>A GPU held by one run until disposed.</summary>
public sealed class GpuLease(int index, Action release) : IDisposable
{
    private int released;

    public int Index { get; } = index;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) release();
    }
}

/// <summary>What a run's child process is told about its GPU: only the leased one is visible, as its <c>cuda:0</c>.</summary>
public static class RunGpu
{
    public static string VisibleDevices(GpuLease lease) => lease.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Hands this host's GPUs (from its <see cref="IGpuInventory"/>) to the gpu runs it executes: each run gets a
/// GPU no other run uses, the one it named or else the free one with the lowest index, and waits while there is none.
/// Runs that allow sharing may share a GPU with each other, never with a run that does not.</summary>
public sealed class GpuAllocator(IGpuInventory inventory)
{
    private readonly object gate = new();
    private readonly Dictionary<int, Holders> holders = [];
    private TaskCompletionSource released = NewSignal();

    private sealed record Holders(int Count, bool Shared);

    /// <summary>Waits until a GPU fits the run and leases it. A named GPU this host does not have is an
    /// <see cref="InvalidOperationException"/> at once (waiting would never end), as is a host without GPUs.</summary>
    public async Task<GpuLease> AcquireAsync(int? requested, bool share, CancellationToken cancellationToken)
    {
        var gpus = inventory.Gpus.Select(g => g.Index).Order().ToList();
        if (gpus.Count == 0) throw new InvalidOperationException("this worker has no GPU (nvidia-smi finds none)");
        if (requested is { } named && !gpus.Contains(named))
            throw new InvalidOperationException($"this worker has no GPU {named} (it has {string.Join(", ", gpus)})");
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (Pick(requested is { } n ? [n] : gpus, share) is { } index)
                {
                    holders[index] = holders.TryGetValue(index, out var h) ? h with { Count = h.Count + 1 } : new Holders(1, share);
                    return new GpuLease(index, () => Release(index));
                }
                wait = released.Task;
            }
            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>How many runs hold each GPU now (GPUs nobody holds are left out).</summary>
    public IReadOnlyDictionary<int, int> InUse()
    {
        lock (gate) return holders.ToDictionary(h => h.Key, h => h.Value.Count);
    }

    // A free GPU first; a sharing run may join GPUs held only by sharing runs, the least used one.
    private int? Pick(IReadOnlyList<int> candidates, bool share)
    {
        foreach (var index in candidates)
            if (!holders.ContainsKey(index)) return index;
        if (!share) return null;
        var shared = candidates.Where(i => holders[i].Shared).OrderBy(i => holders[i].Count).ToList();
        return shared.Count > 0 ? shared[0] : null;
    }

    private void Release(int index)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            var h = holders[index];
            if (h.Count == 1) holders.Remove(index);
            else holders[index] = h with { Count = h.Count - 1 };
            signal = released;
            released = NewSignal();
        }
        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
