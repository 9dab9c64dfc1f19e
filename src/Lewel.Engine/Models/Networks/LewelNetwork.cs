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
}
