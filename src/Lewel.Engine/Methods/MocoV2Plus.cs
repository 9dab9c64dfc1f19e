using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>MoCo V2+ as in solo-learn: online backbone + MoCo v2 projector (no BN), a momentum target, one key queue per
/// view; symmetric InfoNCE, the MEAN of both directions; the target keys of a step are enqueued after the optimiser
/// step (lewel-method.md §5, §7.2). No shuffle-BN: query and key of an image are normalised with the same batch.
/// Official MoCo v2 is <see cref="MocoV2"/>.</summary>
public sealed class MocoV2Plus : MomentumMethod<ProjectionNetwork>
{
    private readonly KeyQueue queue;
    private readonly double temperature;

    public override string Id => MethodIds.MocoV2Plus;
    public const string DescriptionText = "MoCo V2+ (solo-learn: symmetric, one queue per view, no shuffle-BN)";
    public override string Description => DescriptionText;

    public MocoV2Plus(RunConfig config)
        : base(nameof(MocoV2Plus), NetworkBuilder.MocoV2(config), NetworkBuilder.MocoV2(config), TargetUpdates.Parse(config.Target.Update))
    {
        temperature = config.Moco.Temperature;
        queue = new KeyQueue(views: 2, config.Heads.Dim, config.Moco.QueueSize);
        RegisterComponents();
    }

    public override LossTerms Loss(Tensor view1, Tensor view2)
    {
        ApplyTargetMode();
        var z1 = online.call(view1);
        var q1 = nn.functional.normalize(z1, p: 2, dim: 1);
        var q2 = nn.functional.normalize(online.call(view2), p: 2, dim: 1);
        Tensor k1, k2;
        using (no_grad())
        {
            k1 = nn.functional.normalize(target.call(view1), p: 2, dim: 1);
            k2 = nn.functional.normalize(target.call(view2), p: 2, dim: 1);
        }
        // Queue v holds past keys of view v: a view-1 query is contrasted with view-2 keys, and vice versa.
        var loss = (InfoNce.Loss(q1, k2, queue.Negatives(1), temperature) + InfoNce.Loss(q2, k1, queue.Negatives(0), temperature)) / 2;
        pendingKeys.Hold((queue, stack([k1, k2])));
        return new LossTerms(loss, loss.detach(), null, z1.detach(), null);
    }
}
