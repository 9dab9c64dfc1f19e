using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>One batch of view pairs, normalised (B, 3, H, W) on the run's device. The trainer disposes it after the step.</summary>
public sealed record TrainingBatch(Tensor View1, Tensor View2) : IDisposable
{
    public int Size => (int)View1.shape[0];

    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
    }
}

/// <summary>Batches of view pairs, epoch by epoch, deterministic from (seed, epoch, batch) so that a run resumed at
/// batch <c>startBatch</c> of an epoch sees exactly the batches an uninterrupted run would.</summary>
public interface ITrainingBatchSource : IDisposable
{
    /// <summary>Full batches per epoch (the last partial batch is dropped).</summary>
    int BatchesPerEpoch { get; }

    /// <summary>Batches <paramref name="startBatch"/> … <see cref="BatchesPerEpoch"/> − 1 of <paramref name="epoch"/>.</summary>
    IEnumerable<TrainingBatch> Epoch(int epoch, int startBatch);
}
