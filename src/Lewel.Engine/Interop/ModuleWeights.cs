using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>Copies named weights into a module after checking every key and shape, so a bad checkpoint fails with a
/// message naming the key instead of a libtorch error halfway through.</summary>
public static class ModuleWeights
{
    /// <summary>Loads <paramref name="weights"/> (same key names as the module's state dict) into <paramref name="module"/>.
    /// A missing <c>num_batches_tracked</c> (older PyTorch) is tolerated; any other missing, unexpected or mis-shaped key
    /// throws a <see cref="CheckpointException"/> before anything is changed.</summary>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, WeightSource source)
    {
        var targets = module.state_dict();
        ShapeCheck.Exact(weights, targets.Select(t => (t.Key, t.Value.shape)), source, $"the engine's {module.GetName()}");
        using var noGrad = no_grad();
        foreach (var (key, target) in targets)
        {
            if (!weights.TryGetValue(key, out var source_)) continue;
            target.copy_(source_.reshape(target.shape).to(target.dtype).to(target.device));
        }
    }
}
