using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>MoCo's queue of past keys, one per view (solo-learn layout [views, D, Q]). Both the keys and the write
/// position are buffers, so a checkpoint restores them. Starts as random unit vectors (lewel-method.md §10.21).</summary>
public sealed class KeyQueue : nn.Module
{
    // Not readonly: Module.to(device) replaces buffer fields.
    private Tensor keys;
    private Tensor ptr;

    public int Views { get; }
    public int Dim { get; }
    public int Size { get; }

    public KeyQueue(int views, int dim, int size) : base(nameof(KeyQueue))
    {
        if (views <= 0 || dim <= 0 || size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"a key queue needs positive views, dim and size (got {views}, {dim}, {size})");
        Views = views;
        Dim = dim;
        Size = size;
        keys = nn.functional.normalize(randn(views, dim, size), p: 2, dim: 1);
        ptr = zeros(1, dtype: ScalarType.Int64);
        RegisterComponents();
    }

    /// <summary>[Views, D, Q], the live buffer.</summary>
    public Tensor Keys => keys;

    /// <summary>Where the next keys are written (reads the device buffer back: for inspection, not for the step).</summary>
    public long Position => ptr.item<long>();

    /// <summary>A detached copy of one view's keys, [D, Q], safe to use after later enqueues.</summary>
    public Tensor Negatives(int view) => keys[view].detach().clone();

    /// <summary>One view's keys [D, Q] without a copy, detached: valid only until the next <see cref="Enqueue"/> (for a
    /// loss that does not keep it for a backward pass, such as <see cref="Losses.ChunkedInfoNce"/>).</summary>
    public Tensor Current(int view) => keys[view].detach();

    /// <summary>Overwrites the oldest n keys of every view with <paramref name="newKeys"/> [Views, n, D]. Q must be a
    /// multiple of n so that a write never straddles the end.</summary>
    public void Enqueue(Tensor newKeys)
    {
        if (newKeys.dim() != 3 || newKeys.shape[0] != Views || newKeys.shape[2] != Dim)
            throw new ArgumentException($"keys must be [{Views}, n, {Dim}], got [{string.Join(", ", newKeys.shape)}]", nameof(newKeys));
        var count = newKeys.shape[1];
        if (Size % count != 0)
            throw new ArgumentException($"the queue size {Size} is not a multiple of the {count} keys enqueued per step", nameof(newKeys));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // The write position stays on the device: reading it back would cost a host-device synchronisation every step.
        // Scalars held for the whole call: a temporary one can be finalized while libtorch reads it (FinalizerSafePoint).
        using var size = Size.ToScalar();
        using var written = count.ToScalar();
        using var one = 1.ToScalar();
        var slots = arange(count, dtype: ScalarType.Int64, device: ptr.device).add_(ptr, one).remainder_(size);
        keys.index_copy_(2, slots, newKeys.detach().transpose(1, 2).to(keys.dtype));
        ptr.add_(written, one).remainder_(size);
    }
}
