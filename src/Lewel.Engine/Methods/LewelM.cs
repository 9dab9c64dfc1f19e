using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Models.Necks;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>LEWEL_M as reconstructed in lewel-method.md §5 (the paper body was not available: unverified). Online and
/// target backbone + LEWEL neck, no predictors. Per direction L = α·InfoNCE(global, global queue) + (1 − α)·InfoNCE over
/// the B·N aligned rows against a separate aligned queue (p ≠ g, so the spaces differ); one queue of each kind per
/// view; the MEAN of both directions, as the MoCo V2+ baseline.</summary>
public sealed class LewelM : MomentumMethod<LewelNetwork>
{
    private readonly KeyQueue queue;
    private readonly KeyQueue aligned_queue;
    private readonly double temperature;
    private readonly double alpha;
    private PendingKeys? pending;

    public override string Id => MethodIds.LewelM;
    public const string DescriptionText = "LEWEL_M (reconstructed from the paper, unverified)";
    public override string Description => DescriptionText;
    public override int NumHeads => online.Neck.NumHeads;

    public LewelM(RunConfig config)
        : base(nameof(LewelM), NetworkBuilder.Lewel(config), NetworkBuilder.Lewel(config), TargetUpdates.Parse(config.Target.Update))
    {
        temperature = config.Moco.Temperature;
        alpha = config.Lewel.Alpha;
        queue = new KeyQueue(views: 2, config.Heads.Dim, config.Moco.QueueSize);
        aligned_queue = new KeyQueue(views: 2, config.Heads.Dim, config.Moco.AlignedQueueSize);
        RegisterComponents();
    }

    /// <returns><see cref="LossTerms.Global"/> and <see cref="LossTerms.Aligned"/> are each the mean over both
    /// directions; <see cref="LossTerms.Total"/> = α·Global + (1 − α)·Aligned.</returns>
    public override LossTerms Loss(Tensor view1, Tensor view2)
    {
        ApplyTargetMode();
        var online1 = online.call(view1);
        var online2 = online.call(view2);
        Keys keys1, keys2;
        using (no_grad())
        {
            keys1 = Keys.Of(target.call(view1));
            keys2 = Keys.Of(target.call(view2));
        }
        var queries1 = Keys.Of(online1);
        var queries2 = Keys.Of(online2);

        var global = (InfoNce.Loss(queries1.Global, keys2.Global, queue.Negatives(1), temperature)
                      + InfoNce.Loss(queries2.Global, keys1.Global, queue.Negatives(0), temperature)) / 2;
        var aligned = (InfoNce.Loss(queries1.Aligned, keys2.Aligned, aligned_queue.Negatives(1), temperature)
                       + InfoNce.Loss(queries2.Aligned, keys1.Aligned, aligned_queue.Negatives(0), temperature)) / 2;
        var total = LewelLoss.Mix(global, aligned, alpha);

        pending?.Dispose();
        pending = new PendingKeys(stack([keys1.Global, keys2.Global]), stack([keys1.Aligned, keys2.Aligned]));
        return new LossTerms(total, global.detach(), aligned.detach(), online1.Global.detach(), online1.Maps.detach());
    }

    public override Tensor? AlignmentMaps(Tensor images) => EvaluateOnline(() => online.AlignmentMaps(images));

    protected override void AfterTargetUpdate()
    {
        if (pending is null) return;
        queue.Enqueue(pending.Keys[0]);
        aligned_queue.Enqueue(pending.Keys[1]);
        pending.Dispose();
        pending = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) pending?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>ℓ2-normalised global [B, K] and aligned [B·N, K] embeddings of one view.</summary>
    private sealed record Keys(Tensor Global, Tensor Aligned)
    {
        public static Keys Of(LewelNeckOutput output) => new(
            nn.functional.normalize(output.Global, p: 2, dim: 1),
            nn.functional.normalize(LewelLoss.Rows(output.Aligned), p: 2, dim: 1));
    }
}
