using Lewel.Engine.Config;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Models.Heads;
using Lewel.Engine.Models.Necks;
using Lewel.Engine.Models.Networks;

namespace Lewel.Engine.Methods;

/// <summary>Builds the online/target networks a <see cref="RunConfig"/> describes. Each call draws fresh weights from
/// torch's generator, so the order of calls fixes the initial weights for a given seed.</summary>
internal static class NetworkBuilder
{
    public static ResNet Backbone(RunConfig config) =>
        ResNet.Create(config.Backbone, config.Width, config.Stem, config.StemPadding);

    /// <summary>Backbone + BYOL projector C → hidden → K (Linear, BN, ReLU, Linear).</summary>
    public static ProjectionNetwork Byol(RunConfig config)
    {
        var backbone = Backbone(config);
        return new ProjectionNetwork(backbone, MlpHeads.Byol(backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim));
    }

    /// <summary>Backbone + MoCo v2 projector C → hidden → K (Linear, ReLU, Linear).</summary>
    public static ProjectionNetwork MocoV2(RunConfig config)
    {
        var backbone = Backbone(config);
        return new ProjectionNetwork(backbone, MlpHeads.MocoV2(backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim));
    }

    /// <summary>Backbone + LEWEL neck with g, p: C → hidden → K and M groups.</summary>
    public static LewelNetwork Lewel(RunConfig config)
    {
        var backbone = Backbone(config);
        var neck = new LewelNeck(backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim, config.Lewel.NumHeads, config.Lewel.Scale);
        return new LewelNetwork(backbone, neck);
    }
}
