using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Models.Necks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Networks;

/// <summary>Backbone → LEWEL neck: the official <c>EncoderObj</c>. State keys <c>backbone.*</c>, <c>neck.proj.mlp.*</c>,
/// <c>neck.proj_obj.mlp.*</c>.</summary>
public sealed class LewelNetwork : nn.Module<Tensor, LewelNeckOutput>, IBackboneNetwork
{
    private readonly ResNet backbone;
    private readonly LewelNeck neck;

    public ResNet Backbone => backbone;
    public LewelNeck Neck => neck;

    public LewelNetwork(ResNet backbone, LewelNeck neck) : base(nameof(LewelNetwork))
    {
        if (neck.InChannels != backbone.OutChannels)
            throw new ArgumentException($"the neck expects {neck.InChannels} channels but the backbone gives {backbone.OutChannels}", nameof(neck));
        this.backbone = backbone;
        this.neck = neck;
        RegisterComponents();
    }

    /// <param name="images">[B, 3, H, W]</param>
    public override LewelNeckOutput forward(Tensor images) => neck.call(backbone.call(images));

    /// <summary>The alignment maps as images, [B, K, H', W'] (no mode change, no no_grad: the caller decides).</summary>
    public Tensor AlignmentMaps(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(images);
        var maps = neck.call(features).Maps;
        return maps.reshape(maps.shape[0], maps.shape[1], features.shape[2], features.shape[3]).MoveToOuterDisposeScope();
    }
}
