using Lewel.Engine.Config;
using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>The training batches of a run from <see cref="PairLoader"/> over the training originals
/// (<see cref="DatasetSplits.TrainSources"/>), views at <c>imageSize</c>: one loader per epoch, started at the batch a
/// resumed run continues from. Boxes and flips are not needed by the step and are freed at once.</summary>
public sealed class PairLoaderBatches(IImageDataset train, RunConfig config, double[] mean, double[] std, Device device)
    : ITrainingBatchSource
{
    public int BatchesPerEpoch => train.Count / config.BatchSize;

    public IEnumerable<TrainingBatch> Epoch(int epoch, int startBatch)
    {
        using var loader = new PairLoader(train, config.Augmentation, mean, std, config.BatchSize, device, config.Seed, epoch, startBatch,
            viewSize: config.ImageSize);
        foreach (var batch in loader)
        {
            batch.Box1.Dispose();
            batch.Box2.Dispose();
            batch.Flip1.Dispose();
            batch.Flip2.Dispose();
            yield return new TrainingBatch(batch.View1, batch.View2);
        }
    }

    public void Dispose() { }
}
