using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Models.Heads;
using Lewel.Engine.Models.Necks;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>LEWEL_B as released (lewel-method.md §4): online and target backbone + LEWEL neck; the predictors q_g
/// (<c>predictor</c>) and q_a (<c>predictor_obj</c>) exist online only. Per direction L = α·ℓ(q_g(z_g), z_g′) +
/// (1 − α)·ℓ(q_a(O) rows, O′ rows), SUMMED over both directions (initial value ≈ 4).</summary>
public sealed class LewelB : MomentumMethod<LewelNetwork>
{
    private readonly Mlp1d predictor;
    private readonly Mlp1d predictor_obj;
    private readonly double alpha;

    public override string Id => MethodIds.LewelB;
    public const string DescriptionText = "LEWEL_B (BYOL-based, as released)";
    public override string Description => DescriptionText;
    public override int NumHeads => online.Neck.NumHeads;

    public LewelB(RunConfig config)
        : base(nameof(LewelB), NetworkBuilder.Lewel(config), NetworkBuilder.Lewel(config), TargetUpdates.Parse(config.Target.Update))
    {
        alpha = config.Lewel.Alpha;
        predictor = new Mlp1d(config.Heads.Dim, config.Heads.PredictorHidden, config.Heads.Dim);
        predictor_obj = new Mlp1d(config.Heads.Dim, config.Heads.PredictorHidden, config.Heads.Dim);
        RegisterComponents();
    }

    /// <returns><see cref="LossTerms.Global"/> and <see cref="LossTerms.Aligned"/> are the unweighted sums over both
    /// directions; <see cref="LossTerms.Total"/> = α·Global + (1 − α)·Aligned.</returns>
    public override LossTerms Loss(Tensor view1, Tensor view2)
    {
        ApplyTargetMode();
        var online1 = online.call(view1);
        var online2 = online.call(view2);
        LewelNeckOutput target1, target2;
        using (no_grad())
        {
            target1 = target.call(view1);
            target2 = target.call(view2);
        }
        var global = GlobalLoss(online1, target2) + GlobalLoss(online2, target1);
        var aligned = AlignedLoss(online1, target2) + AlignedLoss(online2, target1);
        var total = LewelLoss.Mix(global, aligned, alpha);
        return new LossTerms(total, global.detach(), aligned.detach(), online1.Global.detach(), online1.Maps.detach());
    }

    public override Tensor? AlignmentMaps(Tensor images) => EvaluateOnline(() => online.AlignmentMaps(images));

    // q_g runs on the B global columns, given as rows: BN over B.
    private Tensor GlobalLoss(LewelNeckOutput onlineOutput, LewelNeckOutput targetOutput) =>
        NormalizedMse.Loss(predictor.ForwardRows(onlineOutput.Global), targetOutput.Global);

    // q_a runs on the B·N aligned columns as rows: BN over B·N; slot j matches slot j of the other view.
    private Tensor AlignedLoss(LewelNeckOutput onlineOutput, LewelNeckOutput targetOutput) =>
        NormalizedMse.Loss(predictor_obj.ForwardRows(LewelLoss.Rows(onlineOutput.Aligned)), LewelLoss.Rows(targetOutput.Aligned));
}
