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
/// view; the MEAN of both directions, as the MoCo V2+ baseline. The aligned InfoNCE is computed in chunks of rows with
/// its exact gradient (<see cref="ChunkedInfoNce"/>), so its B·N × queue logits never exist at once.</summary>
public sealed class LewelM : MomentumMethod<LewelNetwork>
{
    private readonly KeyQueue queue;
    private readonly KeyQueue aligned_queue;
    private readonly double temperature;
    private readonly double alpha;
    private readonly long? logitBudget;

    public override string Id => MethodIds.LewelM;
    public const string DescriptionText = "LEWEL_M (reconstructed from the paper, unverified)";
    public override string Description => DescriptionText;
    public override int NumHeads => online.Neck.NumHeads;

    /// <summary>Every choice this reconstruction makes that the paper's body would have to confirm (lewel-method.md §5),
    /// shown wherever the method is offered or a run of it is shown.</summary>
    public static readonly IReadOnlyList<string> ReconstructionAssumptions =
    [
        "The paper's body could not be read: the design follows its abstract, its overview figure and the released LEWEL_B code.",
        "Query encoder = backbone + LEWEL_B's neck (g and p, bias-free, with BatchNorm); key encoder = its momentum copy; no predictors.",
        "Global term: MoCo v2's InfoNCE of the pooled embedding against a global key queue (moco.queueSize), temperature moco.temperature.",
        "Aligned term: each of the B·N aligned embeddings is one InfoNCE instance whose positive is the same slot of the other view's key encoder.",
        "Aligned negatives come from a separate aligned queue, not the global one: p ≠ g, so the two embeddings live in different spaces.",
        "Every aligned key of a step is enqueued (B·N a step); the queue holds moco.alignedQueueSteps steps of them. The paper's size is unknown: 8 steps is 65536 keys at the ImageNet recipe's 256 × 32.",
        "Symmetric: both directions, their mean, one queue of each kind per view, no shuffle-BN, as the MoCo V2+ baseline (mocov2plus), its pair; official MoCo v2 (mocov2) is one direction with shuffle-BN.",
        "L = α·L_global + (1 − α)·L_aligned with α = lewel.alpha, as in LEWEL_B; keys and queues get no gradient.",
        "The neck has BatchNorm where MoCo v2's projector has none, so the baseline differs in that too.",
    ];

    public LewelM(RunConfig config) : this(config, ChunkedInfoNce.DefaultLogitBudget) { }

    /// <param name="alignedLogitBudget">Logits of the aligned InfoNCE held at once (<see cref="ChunkedInfoNce"/>); null
    /// computes it unchunked through autograd (<see cref="InfoNce"/>), the reference the chunked loss must equal.</param>
    internal LewelM(RunConfig config, long? alignedLogitBudget)
        : base(nameof(LewelM), NetworkBuilder.Lewel(config), NetworkBuilder.Lewel(config), TargetUpdates.Parse(config.Target.Update))
    {
        logitBudget = alignedLogitBudget;
        temperature = config.Moco.Temperature;
        alpha = config.Lewel.Alpha;
        queue = new KeyQueue(views: 2, config.Heads.Dim, config.Moco.QueueSize);
        aligned_queue = new KeyQueue(views: 2, config.Heads.Dim,
            checked((int)config.Moco.AlignedQueueKeys(config.BatchSize, config.Heads.Dim / config.Lewel.NumHeads)));
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
        // B·N rows against the aligned queue: the logits would be the largest tensors of the step, so they are taken
        // in chunks with the gradient computed in place (ChunkedInfoNce), and the queue is read without a copy.
        var aligned = (AlignedLoss(queries1.Aligned, keys2.Aligned, 1) + AlignedLoss(queries2.Aligned, keys1.Aligned, 0)) / 2;
        var total = LewelLoss.Mix(global, aligned, alpha);

        pendingKeys.Hold((queue, stack([keys1.Global, keys2.Global])), (aligned_queue, stack([keys1.Aligned, keys2.Aligned])));
        return new LossTerms(total, global.detach(), aligned.detach(), online1.Global.detach(), online1.Maps.detach());
    }

    private Tensor AlignedLoss(Tensor queries, Tensor keys, int queueView) => logitBudget is { } budget
        ? ChunkedInfoNce.Loss(queries, keys, aligned_queue.Current(queueView), temperature, budget)
        : InfoNce.Loss(queries, keys, aligned_queue.Negatives(queueView), temperature);

    public override Tensor? AlignmentMaps(Tensor images) => EvaluateOnline(() => online.AlignmentMaps(images));

    /// <summary>ℓ2-normalised global [B, K] and aligned [B·N, K] embeddings of one view.</summary>
    private sealed record Keys(Tensor Global, Tensor Aligned)
    {
        public static Keys Of(LewelNeckOutput output) => new(
            nn.functional.normalize(output.Global, p: 2, dim: 1),
            nn.functional.normalize(LewelLoss.Rows(output.Aligned), p: 2, dim: 1));
    }
}
