using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Where and how an evaluation runs, shared by every protocol: the checkpoint it is labelled with, the device,
/// the batch size of feature extraction, progress reports and cancellation.</summary>
public sealed record EvaluationContext
{
    /// <summary>The checkpoint the result is attributed to (a path or a run label).</summary>
    public string Checkpoint { get; init; } = "";
    public Device Device { get; init; } = CPU;
    /// <summary>Images per forward pass when features are extracted (not the training batch of a probe).</summary>
    public int BatchSize { get; init; } = 256;
    public IProgress<EvaluationProgress>? Progress { get; init; }
    public CancellationToken CancellationToken { get; init; }
}
