using Lewel.Engine.Models.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Networks;

/// <summary>Backbone → global average pool → projector: the BYOL and MoCo v2 online/target network. State keys
/// <c>backbone.*</c> and <c>projector.*</c>.</summary>
public sealed class ProjectionNetwork : nn.Module<Tensor, Tensor>, IBackboneNetwork
{
    private readonly ResNet backbone;
    private readonly nn.Module<Tensor, Tensor> projector;

    public ResNet Backbone => backbone;

    public ProjectionNetwork(ResNet backbone, nn.Module<Tensor, Tensor> projector) : base(nameof(ProjectionNetwork))
    {
        this.backbone = backbone;
        this.projector = projector;
        RegisterComponents();
    }

    /// <param name="images">[B, 3, H, W]</param>
    /// <returns>The projection z, [B, d].</returns>
    public override Tensor forward(Tensor images) => projector.call(backbone.call(images).mean([2, 3]));
}
