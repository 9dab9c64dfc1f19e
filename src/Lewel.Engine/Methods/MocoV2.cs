using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>Official MoCo v2 (facebookresearch/moco, lewel-method.md §5, §7.1): the query of view 1 against the key of
/// view 2 and ONE queue of past view-2 keys; one direction per step. Shuffle-BN across GPUs is emulated on one device
/// as in the MoCo authors' single-GPU demo: both encoders' backbones normalise <c>moco.bnSplits</c> sub-batches
/// separately (<see cref="Models.Backbones.SplitBatchNorm2d"/>), and the key batch is shuffled before the key encoder
/// and unshuffled after it, so an image's query and key are normalised with different sub-batches. The symmetric,
/// shuffle-free variant is <see cref="MocoV2Plus"/>.</summary>
public sealed class MocoV2 : MomentumMethod<ProjectionNetwork>
{
    private readonly KeyQueue queue;
    private readonly double temperature;

    public override string Id => MethodIds.MocoV2;
    public const string DescriptionText = "MoCo v2 (official: one direction, one queue, shuffle-BN as split-batch BN)";
    public override string Description => DescriptionText;

    /// <summary>The BN sub-batches of both encoders.</summary>
    public int BnSplits { get; }

    public MocoV2(RunConfig config)
        : base(nameof(MocoV2), NetworkBuilder.MocoV2(config, config.Moco.BnSplits), NetworkBuilder.MocoV2(config, config.Moco.BnSplits),
            TargetUpdates.Parse(config.Target.Update))
    {
        BnSplits = config.Moco.BnSplits;
        temperature = config.Moco.Temperature;
        queue = new KeyQueue(views: 1, config.Heads.Dim, config.Moco.QueueSize);
        RegisterComponents();
    }

    /// <returns>InfoNCE(q(view1), k(view2), queue): view 2 only feeds the key encoder.</returns>
    public override LossTerms Loss(Tensor view1, Tensor view2)
    {
        ApplyTargetMode();
        var z = online.call(view1);
        var query = nn.functional.normalize(z, p: 2, dim: 1);
        Tensor key;
        using (no_grad())
            key = BatchShuffle.Apply(view2, images => nn.functional.normalize(target.call(images), p: 2, dim: 1));
        var loss = InfoNce.Loss(query, key, queue.Negatives(0), temperature);
        pendingKeys.Hold((queue, key.unsqueeze(0)));
        return new LossTerms(loss, loss.detach(), null, z.detach(), null);
    }
}
