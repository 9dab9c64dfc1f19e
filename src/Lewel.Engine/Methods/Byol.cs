using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>BYOL as in solo-learn: online backbone + projector + predictor, target backbone + projector, normalised-MSE
/// loss summed over both directions (initial value ≈ 4). With <c>heads.matchLewel</c> the projector and predictor are
/// built as LEWEL_B's g and q_g (<see cref="NetworkBuilder.Byol"/>, docs/methods.md).</summary>
public sealed class Byol : MomentumMethod<ProjectionNetwork>
{
    private readonly nn.Module<Tensor, Tensor> predictor;

    public override string Id => MethodIds.Byol;
    public const string DescriptionText = "BYOL (solo-learn recipe)";
    public override string Description => DescriptionText;

    public Byol(RunConfig config)
        : base(nameof(Byol), NetworkBuilder.Byol(config), NetworkBuilder.Byol(config), TargetUpdates.Parse(config.Target.Update))
    {
        predictor = NetworkBuilder.ByolPredictor(config);
        RegisterComponents();
    }

    public override LossTerms Loss(Tensor view1, Tensor view2)
    {
        ApplyTargetMode();
        var z1 = online.call(view1);
        var z2 = online.call(view2);
        var p1 = predictor.call(z1);
        var p2 = predictor.call(z2);
        Tensor t1, t2;
        using (no_grad())
        {
            t1 = target.call(view1);
            t2 = target.call(view2);
        }
        var loss = NormalizedMse.Loss(p1, t2) + NormalizedMse.Loss(p2, t1);
        return new LossTerms(loss, loss.detach(), null, z1.detach(), null);
    }
}
