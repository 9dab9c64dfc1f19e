using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>A backbone held frozen for a probe: eval mode for the whole probe, and a check at the end that no BN
/// statistic moved (the official linear evaluation asserts the same, lewel-method.md §8.1).</summary>
public sealed class FrozenBackbone : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly List<(string Name, Tensor Value)> buffersAtStart;

    public FrozenBackbone(nn.Module<Tensor, Tensor> backbone)
    {
        this.backbone = backbone;
        backbone.eval();
        buffersAtStart = backbone.named_buffers().Select(b => (b.name, b.buffer.detach().clone().DetachFromDisposeScope())).ToList();
    }

    /// <summary>Normalised images [B, 3, H, W] → the last-stage map [B, C, h, w].</summary>
    public Tensor FeatureMap(Tensor images) => backbone.call(images);

    /// <summary>Normalised images [B, 3, H, W] → global average pool of the last stage, [B, C].</summary>
    public Tensor Pooled(Tensor images) => backbone.call(images).mean([2, 3]);

    /// <summary>Throws when the backbone left eval mode or a buffer (BN running statistics) changed.</summary>
    public void AssertUnchanged(string protocol)
    {
        if (backbone.training) throw new InvalidOperationException($"{protocol}: the frozen backbone was switched to train mode");
        var now = backbone.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, value) in buffersAtStart)
            if (!now.TryGetValue(name, out var current) || !current.equal(value).all().item<bool>())
                throw new InvalidOperationException($"{protocol}: the frozen backbone's buffer '{name}' changed");
    }

    public void Dispose()
    {
        foreach (var (_, value) in buffersAtStart) value.Dispose();
    }
}
