using Lewel.Engine.Models.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>What every method here shares: an online network with gradients, a target copy that follows it by EMA or
/// EMAN, eval-mode feature extraction and the state layout (<c>online.*</c>, <c>target.*</c>, then the method's own
/// heads and queues). The method is its own <see cref="Root"/> module. Concrete methods add heads and a loss and call
/// <c>RegisterComponents()</c> last in their sealed constructor.</summary>
public abstract class MomentumMethod<TNetwork> : nn.Module, IPretrainMethod
    where TNetwork : nn.Module, IBackboneNetwork
{
    protected readonly TNetwork online;
    protected readonly TNetwork target;
    /// <summary>Keys a loss leaves for a queue; they are enqueued after the target update of the step.</summary>
    private protected readonly PendingKeys pendingKeys = new();

    public TargetUpdate Update { get; }
    public abstract string Id { get; }
    public abstract string Description { get; }
    public virtual int NumHeads => 0;
    public nn.Module Root => this;

    /// <summary><paramref name="target"/> must be built like <paramref name="online"/>; it is overwritten with the
    /// online weights and frozen.</summary>
    protected MomentumMethod(string name, TNetwork online, TNetwork target, TargetUpdate update) : base(name)
    {
        this.online = online;
        this.target = target;
        Update = update;
        MomentumUpdate.CopyAndFreeze(online, target);
        ApplyTargetMode();
    }

    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters() =>
        named_parameters().Where(p => !p.name.StartsWith("target.", StringComparison.Ordinal)).ToList();

    public void Train() => train(true);

    /// <summary>Sets the mode of every submodule, then puts the target back in eval mode under EMAN, so a plain
    /// <c>train()</c> on the root cannot break EMAN (§10.14).</summary>
    public override void train(bool on = true)
    {
        base.train(on);
        ApplyTargetMode();
    }

    public abstract LossTerms Loss(Tensor view1, Tensor view2);

    public void AfterOptimizerStep(double momentum)
    {
        MomentumUpdate.Apply(Update, online, target, momentum);
        pendingKeys.Enqueue();
    }
    public Tensor Features(Tensor images) => EvaluateOnline(() => online.Backbone.call(images).mean([2, 3]));

    public virtual Tensor? AlignmentMaps(Tensor images) => null;

    /// <summary>Runs <paramref name="compute"/> with the online network in eval mode under no_grad, then restores the
    /// previous mode; only the result leaves the dispose scope.</summary>
    protected Tensor EvaluateOnline(Func<Tensor> compute)
    {
        var wasTraining = online.training;
        online.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return compute().MoveToOuterDisposeScope();
        }
        finally
        {
            online.train(wasTraining);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) pendingKeys.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Called at the start of each loss: the target's mode is part of the method, not of the caller.</summary>
    protected void ApplyTargetMode()
    {
        if (Update == TargetUpdate.Eman) target.eval();
        else target.train(online.training);
    }
}
