using Lewel.Engine.Config;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Models.Heads;
using Lewel.Engine.Models.Necks;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>Builds the online/target networks a <see cref="RunConfig"/> describes. Each call draws fresh weights from
/// torch's generator, so the order of calls fixes the initial weights for a given seed.</summary>
internal static class NetworkBuilder
{
    public static ResNet Backbone(RunConfig config, int bnSplits = 1) =>
        ResNet.Create(config.Backbone, config.Width, config.Stem, config.StemPadding, bnSplits);

    /// <summary>Backbone + BYOL projector C → hidden → K: solo-learn's (Linear, BN, ReLU, Linear, with biases) or, under
    /// <c>heads.matchLewel</c>, LEWEL_B's g (<see cref="Mlp1d"/>: bias-free kernel-1 convs, BN, Kaiming fan_out).</summary>
    public static ProjectionNetwork Byol(RunConfig config)
    {
        var backbone = Backbone(config);
        return new ProjectionNetwork(backbone, ByolHead(config, backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim));
    }

    /// <summary>BYOL's predictor K → hidden → K, built as its projector (solo-learn's, or LEWEL_B's q_g under
    /// <c>heads.matchLewel</c>).</summary>
    public static nn.Module<Tensor, Tensor> ByolPredictor(RunConfig config) =>
        ByolHead(config, config.Heads.Dim, config.Heads.PredictorHidden, config.Heads.Dim);

    /// <summary>Backbone + MoCo v2 projector C → hidden → K (Linear, ReLU, Linear); the backbone's BN split into
    /// <paramref name="bnSplits"/> sub-batches (official MoCo v2) or not (1, MoCo V2+).</summary>
    public static ProjectionNetwork MocoV2(RunConfig config, int bnSplits = 1)
    {
        var backbone = Backbone(config, bnSplits);
        return new ProjectionNetwork(backbone, MlpHeads.MocoV2(backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim));
    }

    /// <summary>Backbone + LEWEL neck with g, p: C → hidden → K and M groups.</summary>
    public static LewelNetwork Lewel(RunConfig config)
    {
        var backbone = Backbone(config);
        var neck = new LewelNeck(backbone.OutChannels, config.Heads.ProjectorHidden, config.Heads.Dim, config.Lewel.NumHeads, config.Lewel.Scale);
        return new LewelNetwork(backbone, neck);
    }

    private static nn.Module<Tensor, Tensor> ByolHead(RunConfig config, int inFeatures, int hidden, int outFeatures) =>
        config.Heads.MatchLewel ? new Mlp1d(inFeatures, hidden, outFeatures) : MlpHeads.Byol(inFeatures, hidden, outFeatures);
}
