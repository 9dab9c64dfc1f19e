using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>The target-network updates, ξ ← m·ξ + (1 − m)·θ, over tensors paired by state-dict name
/// (lewel-method.md §4.3).</summary>
public static class MomentumUpdate
{
    /// <summary>Makes <paramref name="target"/> an exact copy of <paramref name="online"/> (parameters and buffers) and
    /// freezes its parameters.</summary>
    public static void CopyAndFreeze(nn.Module online, nn.Module target)
    {
        using var noGrad = no_grad();
        foreach (var (o, t) in Pairs(online.named_parameters(), target.named_parameters()))
        {
            t.copy_(o);
            t.requires_grad = false;
        }
        foreach (var (o, t) in Pairs(online.named_buffers(), target.named_buffers()))
            t.copy_(o);
    }

    /// <summary>EMA of the parameters only; buffers untouched.</summary>
    public static void Ema(nn.Module online, nn.Module target, double momentum)
    {
        CheckMomentum(momentum);
        using var noGrad = no_grad();
        foreach (var (o, t) in Pairs(online.named_parameters(), target.named_parameters()))
            t.mul_(momentum).add_(o, alpha: 1 - momentum);
    }

    /// <summary>EMA of the whole state: parameters and floating-point buffers (BN running mean and variance); integer
    /// buffers (<c>num_batches_tracked</c>) are copied.</summary>
    public static void Eman(nn.Module online, nn.Module target, double momentum)
    {
        Ema(online, target, momentum);
        using var noGrad = no_grad();
        foreach (var (o, t) in Pairs(online.named_buffers(), target.named_buffers()))
        {
            if (t.is_floating_point())
                t.mul_(momentum).add_(o, alpha: 1 - momentum);
            else
                t.copy_(o);
        }
    }

    public static void Apply(TargetUpdate update, nn.Module online, nn.Module target, double momentum)
    {
        if (update == TargetUpdate.Eman) Eman(online, target, momentum);
        else Ema(online, target, momentum);
    }

    private static void CheckMomentum(double momentum)
    {
        if (!(momentum is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "the target momentum must lie in [0, 1]");
    }

    private static IEnumerable<(Tensor Online, Tensor Target)> Pairs<T>(IEnumerable<(string name, T tensor)> online, IEnumerable<(string name, T tensor)> target)
        where T : Tensor
    {
        var byName = online.ToDictionary(p => p.name, p => (Tensor)p.tensor, StringComparer.Ordinal);
        var count = 0;
        foreach (var (name, t) in target)
        {
            if (!byName.TryGetValue(name, out var o) || !o.shape.SequenceEqual(t.shape))
                throw new InvalidOperationException($"online and target networks differ at '{name}'");
            count++;
            yield return (o, t);
        }
        if (count != byName.Count)
            throw new InvalidOperationException($"online has {byName.Count} tensors of this kind, target {count}");
    }
}
