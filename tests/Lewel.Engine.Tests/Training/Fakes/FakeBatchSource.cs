using Lewel.Engine.Data;
using Lewel.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>Pairs of noisy, randomly flipped copies of shuffled training images. Every draw comes from a generator
/// seeded by (seed, epoch, batch), so a batch is the same whenever it is asked for, and the global generator is never
/// touched.</summary>
internal sealed class FakeBatchSource(IImageDataset data, int batchSize, long seed, Device device, double[] mean, double[] std)
    : ITrainingBatchSource
{
    public int BatchesPerEpoch => data.Count / batchSize;

    public IEnumerable<TrainingBatch> Epoch(int epoch, int startBatch)
    {
        long[] order;
        using (var generator = new Generator((ulong)(seed * 1000 + epoch), CPU))
        using (var permutation = randperm(data.Count, generator: generator))
            order = permutation.data<long>().ToArray();
        for (var b = startBatch; b < BatchesPerEpoch; b++)
        {
            using var scope = NewDisposeScope();
            var images = ImageTensors.Load(data, order.Skip(b * batchSize).Take(batchSize).Select(i => (int)i).ToArray(), mean, std);
            using var generator = new Generator((ulong)(seed * 1_000_000 + epoch * 1000 + b), CPU);
            var view1 = Augment(images, generator);
            var view2 = Augment(images, generator);
            var batch = new TrainingBatch(view1.to(device), view2.to(device));
            batch.View1.MoveToOuterDisposeScope();
            batch.View2.MoveToOuterDisposeScope();
            yield return batch;
        }
    }

    public void Dispose() { }

    private static Tensor Augment(Tensor images, Generator generator)
    {
        var flip = rand(images.shape[0], generator: generator).lt(0.5).view(-1, 1, 1, 1);
        var noise = randn(images.shape, generator: generator) * 0.1;
        return where(flip, images.flip(3), images) + noise;
    }
}

internal static class ImageTensors
{
    /// <summary>Images as a normalised (B, 3, H, W) float tensor.</summary>
    public static Tensor Load(IImageDataset data, int[] indices, double[] mean, double[] std)
    {
        var pixels = data.Height * data.Width * 3;
        var bytes = new byte[indices.Length * pixels];
        for (var i = 0; i < indices.Length; i++) data.CopyImage(indices[i], bytes.AsSpan(i * pixels, pixels));
        using var scope = NewDisposeScope();
        var hwc = tensor(bytes, ScalarType.Byte).reshape(indices.Length, data.Height, data.Width, 3);
        var chw = hwc.permute(0, 3, 1, 2).to(float32) / 255.0;
        var m = tensor(mean.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
        var s = tensor(std.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
        return ((chw - m) / s).MoveToOuterDisposeScope();
    }
}
