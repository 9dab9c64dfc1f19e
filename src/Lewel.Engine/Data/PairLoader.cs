using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Data;

/// <summary>The training loader: one epoch of two-view batches, prepared ahead on a background thread.
/// The image order is a shuffle that depends only on (seed, epoch), incomplete last batches are dropped, and every
/// random choice of batch i comes from generators seeded with (seed, epoch, i, view); so an epoch started at
/// <c>startBatch</c> yields exactly the tensors an uninterrupted epoch yields from that batch on.
/// At most <c>prefetch</c> prepared batches wait in a bounded queue. Each enumeration starts its own producer; leaving
/// the loop early (or disposing the loader) stops it and frees the batches it had prepared.</summary>
public sealed class PairLoader : IEnumerable<PairBatch>, IDisposable
{
    private readonly IImageDataset train;
    private readonly AugmentationConfig aug;
    private readonly double[] mean;
    private readonly double[] std;
    private readonly int batchSize;
    private readonly Device device;
    private readonly long seed;
    private readonly int epoch;
    private readonly int startBatch;
    private readonly int prefetch;
    private readonly int viewHeight;
    private readonly int viewWidth;
    private readonly List<Enumerator> active = [];
    private bool disposed;

    /// <param name="train">The training originals (any sizes); each view's crop is drawn relative to its original.</param>
    /// <param name="viewSize">The side of the views; null: the data set's own size, which must then be one for all images.</param>
    public PairLoader(IImageDataset train, AugmentationConfig aug, double[] mean, double[] std, int batchSize, Device device,
        long seed, int epoch, int startBatch = 0, int prefetch = 2, int? viewSize = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (viewSize is null && !train.UniformSize)
            throw new ArgumentException($"{train.Description} holds images of differing sizes: give the view size", nameof(viewSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(viewSize ?? 1, 1, nameof(viewSize));
        var errors = AugmentationValidator.Validate(aug).ToList();
        if (mean.Length != 3 || std.Length != 3 || std.Any(s => !(s > 0)))
            errors.Add(new ConfigError("augmentation.mean", $"normalisation needs 3 means and 3 positive standard deviations, got [{string.Join(", ", mean)}] and [{string.Join(", ", std)}]"));
        if (batchSize < 1) errors.Add(new ConfigError("batchSize", $"{batchSize} must be at least 1"));
        else if (batchSize > train.Count) errors.Add(new ConfigError("batchSize", $"{batchSize} is larger than the training set ({train.Description} has {train.Count} images)"));
        if (errors.Count > 0) throw new ConfigException(errors);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        var batches = train.Count / batchSize;
        if (startBatch < 0 || startBatch > batches)
            throw new ArgumentOutOfRangeException(nameof(startBatch), startBatch, $"an epoch has {batches} batches");
        (this.train, this.aug, this.mean, this.std, this.batchSize, this.device) = (train, aug, mean, std, batchSize, device);
        (this.seed, this.epoch, this.startBatch, this.prefetch) = (seed, epoch, startBatch, prefetch);
        (viewHeight, viewWidth) = viewSize is { } side ? (side, side) : (train.Height, train.Width);
    }

    /// <summary>Full batches in an epoch (the remainder is dropped).</summary>
    public int BatchesPerEpoch => train.Count / batchSize;

    /// <summary>The epoch's image order: a permutation of the training set fixed by (seed, epoch).</summary>
    public static int[] ShuffleOrder(int count, long seed, int epoch) =>
        new SeededRandom(SeededRandom.Mix(seed, epoch, 0x5EED)).Permutation(count);

    /// <summary>The seed of the generator behind view <paramref name="view"/> (1 or 2) of batch <paramref name="batch"/>.</summary>
    public static long ViewSeed(long seed, int epoch, int batch, int view) =>
        (long)(SeededRandom.Mix(seed, epoch, batch, view) >> 1);

    public IEnumerator<PairBatch> GetEnumerator()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var enumerator = new Enumerator(this);
        lock (active) active.Add(enumerator);
        return enumerator;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        disposed = true;
        Enumerator[] running;
        lock (active) running = [.. active];
        foreach (var enumerator in running) enumerator.Dispose();
    }

    /// <summary>Builds batch <paramref name="batch"/>: reads its originals, cuts and augments both views on the device,
    /// and detaches the results from this thread's dispose scope so the consumer owns them.</summary>
    private PairBatch Build(int batch, int[] order)
    {
        var indices = order.AsSpan(batch * batchSize, batchSize).ToArray();
        using var scope = NewDisposeScope();
        var sources = ViewSources.Read(train, indices, device);
        using var generator1 = new Generator((ulong)ViewSeed(seed, epoch, batch, 1));
        using var generator2 = new Generator((ulong)ViewSeed(seed, epoch, batch, 2));
        var view1 = ViewPipeline.Apply(sources, viewHeight, viewWidth, aug.View1, generator1, mean, std);
        var view2 = ViewPipeline.Apply(sources, viewHeight, viewWidth, aug.View2, generator2, mean, std);
        return new PairBatch(batch,
            view1.Images.DetachFromDisposeScope(), view2.Images.DetachFromDisposeScope(),
            view1.Boxes.DetachFromDisposeScope(), view2.Boxes.DetachFromDisposeScope(),
            view1.Flipped.DetachFromDisposeScope(), view2.Flipped.DetachFromDisposeScope(), indices);
    }

    private sealed class Enumerator : IEnumerator<PairBatch>
    {
        private readonly PairLoader loader;
        private readonly BlockingCollection<PairBatch> queue;
        private readonly CancellationTokenSource stop = new();
        private readonly Task producer;
        private ExceptionDispatchInfo? failure;
        private PairBatch? current;
        private int disposed;

        public Enumerator(PairLoader loader)
        {
            this.loader = loader;
            queue = new BlockingCollection<PairBatch>(loader.prefetch);
            producer = Task.Factory.StartNew(Produce, TaskCreationOptions.LongRunning);
        }

        public PairBatch Current => current ?? throw new InvalidOperationException("MoveNext has not returned a batch");
        object IEnumerator.Current => Current;

        private void Produce()
        {
            try
            {
                var order = ShuffleOrder(loader.train.Count, loader.seed, loader.epoch);
                for (var batch = loader.startBatch; batch < loader.BatchesPerEpoch && !stop.IsCancellationRequested; batch++)
                {
                    PairBatch built;
                    using (FinalizerSafePoint.EnterTorchWork())
                        built = loader.Build(batch, order);
                    try
                    {
                        queue.Add(built, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        built.Dispose();
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }

        public bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(disposed != 0, this);
            var clock = Stopwatch.StartNew();
            if (queue.TryTake(out var next, Timeout.Infinite))
            {
                next.DataWaitSeconds = clock.Elapsed.TotalSeconds;
                current = next;
                return true;
            }
            current = null;
            failure?.Throw();
            return false;
        }

        public void Reset() => throw new NotSupportedException("enumerate the loader again to restart the epoch");

        /// <summary>Stops the producer and frees the batches that were prepared but not taken. The batch last returned
        /// by <see cref="MoveNext"/> belongs to the consumer.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            stop.Cancel();
            while (queue.TryTake(out var pending)) pending.Dispose();
            producer.Wait();
            while (queue.TryTake(out var pending)) pending.Dispose();
            queue.Dispose();
            stop.Dispose();
            lock (loader.active) loader.active.Remove(this);
        }
    }
}
