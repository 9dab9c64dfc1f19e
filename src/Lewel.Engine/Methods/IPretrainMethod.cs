using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Methods;

/// <summary>A self-supervised method as the trainer sees it. The trainer owns the loop, the dispose scope of each step,
/// the optimiser, schedules, checkpoints and events; the method owns its networks, loss and momentum/queue updates.</summary>
public interface IPretrainMethod : IDisposable
{
    /// <summary>byol, lewel-b, mocov2, mocov2plus or lewel-m.</summary>
    string Id { get; }
    /// <summary>Human description, e.g. "LEWEL_M (reconstructed from the paper, unverified)".</summary>
    string Description { get; }
    /// <summary>Number of alignment-map heads M; 0 for methods without maps.</summary>
    int NumHeads { get; }

    /// <summary>Everything that is checkpointed (online, target, predictors, queues as buffers), with state-dict names
    /// such as <c>online.backbone.layer1.0.conv1.weight</c>.</summary>
    nn.Module Root { get; }

    /// <summary>Parameters the optimiser updates, by name (for bias/BN exclusion groups). Target parameters are not here.</summary>
    IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> TrainableParameters();

    /// <summary>Puts online modules in train mode and the target in its method-specific mode (eval under EMAN).</summary>
    void Train();

    /// <summary>Forward both views through online (with grad) and target (no grad) and return the loss terms.
    /// <paramref name="view1"/>/<paramref name="view2"/> are normalised (B, 3, H, W) on the method's device.</summary>
    LossTerms Loss(Tensor view1, Tensor view2);

    /// <summary>After <c>optimizer.step()</c>: EMA/EMAN target update with <paramref name="momentum"/>, enqueue keys.</summary>
    void AfterOptimizerStep(double momentum);

    /// <summary>The online backbone's globally pooled features (B, C) in eval mode, for kNN and probes.</summary>
    Tensor Features(Tensor images);

    /// <summary>The online network's alignment maps (B, K, H', W') after the softmax, in eval mode; null for baselines.</summary>
    Tensor? AlignmentMaps(Tensor images);
}

/// <summary>One step's loss. <see cref="Total"/> carries the graph; the others are detached scalars for logging.
/// <see cref="Embeddings"/> is a detached (B, d) batch of online embeddings for health monitoring.</summary>
public sealed record LossTerms(Tensor Total, Tensor Global, Tensor? Aligned, Tensor Embeddings, Tensor? Maps);
