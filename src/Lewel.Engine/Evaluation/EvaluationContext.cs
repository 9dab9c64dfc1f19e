using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Where and how an evaluation runs, shared by every protocol: the checkpoint it is labelled with, the device,
/// the batch size of feature extraction, progress reports and cancellation.</summary>
public sealed record EvaluationContext
{
    /// <summary>The checkpoint the result is attributed to (a path or a run label).</summary>
    public string Checkpoint { get; init; } = "";
    public Device Device { get; init; } = CPU;
    /// <summary>The images per forward pass a user asked for; null for <see cref="DefaultBatchSize"/> of the device.</summary>
    public int? RequestedBatchSize { get; init; }

    /// <summary>Images per forward pass when features are extracted (not the training batch of a probe).</summary>
    public int BatchSize => RequestedBatchSize ?? DefaultBatchSize(Device);

    /// <summary>64 images a pass on a CPU, 256 on a GPU. On a CPU the larger batch is the slower one: kNN over the
    /// Fashion-MNIST study's 12,000 images at ResNet-18 ×1/8 took 47.2 s at 256, 24.0 s at 64 and 28.3 s at 32 on
    /// 2 threads, with the same top-1 (RESULTS.md, "Feature extraction's batch on a CPU").</summary>
    public static int DefaultBatchSize(Device device) => device.type == DeviceType.CPU ? 64 : 256;
    public IProgress<EvaluationProgress>? Progress { get; init; }
    public CancellationToken CancellationToken { get; init; }
}
