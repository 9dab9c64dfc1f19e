using Lewel.Engine.Config;
using Lewel.Engine.Data;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Data;

public class PairLoaderTests
{
    private static readonly DatasetSplits Shapes = DatasetCatalog.Open("shapes:size=16,n=100,seed=2,test=20");
    private static readonly AugmentationConfig Aug = new()
    {
        View1 = new ViewAugmentation { BlurProbability = 1.0 },
        View2 = new ViewAugmentation { BlurProbability = 0.1, SolarizeProbability = 0.2 },
    };

    private static PairLoader Loader(int epoch = 0, int startBatch = 0, long seed = 7, IImageDataset? train = null, int batchSize = 16, int prefetch = 2) =>
        new(train ?? Shapes.Train, Aug, Shapes.Mean, Shapes.Std, batchSize, CPU, seed, epoch, startBatch, prefetch);

    private static List<(float[] View1, float[] View2, float[] Box1, bool[] Flip2, int[] Indices)> Collect(PairLoader loader)
    {
        var result = new List<(float[], float[], float[], bool[], int[])>();
        foreach (var batch in loader)
            using (batch)
                result.Add((batch.View1.data<float>().ToArray(), batch.View2.data<float>().ToArray(), batch.Box1.data<float>().ToArray(),
                    batch.Flip2.data<bool>().ToArray(), batch.Indices));
        return result;
    }

    [Fact]
    public void Enumerate_YieldsFullBatchesOfTwoDifferentNormalisedViews()
    {
        using var loader = Loader();
        Assert.Equal(6, loader.BatchesPerEpoch);
        var count = 0;
        foreach (var batch in loader)
        {
            using (batch)
            {
                Assert.Equal(count, batch.BatchIndex);
                Assert.Equal(new long[] { 16, 3, 16, 16 }, batch.View1.shape);
                Assert.Equal(new long[] { 16, 3, 16, 16 }, batch.View2.shape);
                Assert.Equal(new long[] { 16, 4 }, batch.Box2.shape);
                Assert.Equal(new long[] { 16 }, batch.Flip1.shape);
                Assert.Equal(16, batch.Indices.Length);
                Assert.False(batch.View1.allclose(batch.View2));
                Assert.InRange(batch.View1.mean().item<float>(), -1.5f, 1.5f);
                Assert.True(batch.DataWaitSeconds >= 0);
                count++;
            }
        }
        Assert.Equal(6, count);
    }

    [Fact]
    public void Enumerate_CoversAShuffleThatDependsOnlyOnSeedAndEpoch()
    {
        using var a = Loader(epoch: 1);
        using var b = Loader(epoch: 1);
        using var c = Loader(epoch: 2);
        var indicesA = Collect(a).SelectMany(x => x.Indices).ToArray();
        Assert.Equal(96, indicesA.Distinct().Count());
        Assert.Equal(PairLoader.ShuffleOrder(100, 7, 1)[..96], indicesA);
        Assert.Equal(indicesA, Collect(b).SelectMany(x => x.Indices));
        Assert.NotEqual(indicesA, Collect(c).SelectMany(x => x.Indices));
        Assert.NotEqual(Enumerable.Range(0, 96), indicesA);
    }

    [Fact]
    public void Enumerate_SameArguments_GiveIdenticalTensors()
    {
        using var a = Loader();
        using var b = Loader();
        var first = Collect(a);
        var second = Collect(b);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].View1, second[i].View1);
            Assert.Equal(first[i].View2, second[i].View2);
            Assert.Equal(first[i].Box1, second[i].Box1);
        }
    }

    [Fact]
    public void Enumerate_ResumedAtStartBatch_ReproducesTheUninterruptedBatches()
    {
        using var full = Loader(epoch: 3);
        using var resumed = Loader(epoch: 3, startBatch: 4);
        var uninterrupted = Collect(full);
        var tail = Collect(resumed);
        Assert.Equal(2, tail.Count);
        for (var i = 0; i < tail.Count; i++)
        {
            Assert.Equal(uninterrupted[4 + i].Indices, tail[i].Indices);
            Assert.Equal(uninterrupted[4 + i].View1, tail[i].View1);
            Assert.Equal(uninterrupted[4 + i].View2, tail[i].View2);
            Assert.Equal(uninterrupted[4 + i].Box1, tail[i].Box1);
            Assert.Equal(uninterrupted[4 + i].Flip2, tail[i].Flip2);
        }
        using var atEnd = Loader(startBatch: 6);
        Assert.Empty(Collect(atEnd));
    }

    [Fact]
    public void Enumerate_BatchesAreUsableAndDisposableOnTheConsumerThreadInsideItsScopes()
    {
        using var loader = Loader();
        foreach (var batch in loader)
        {
            using var step = NewDisposeScope();
            var sum = (batch.View1 * 2 + batch.View2).sum();
            Assert.True(float.IsFinite(sum.item<float>()));
            batch.Dispose();
            Assert.True(batch.View1.IsInvalid);
        }
    }

    [Fact]
    public void Enumerate_LeavingEarly_StopsTheProducerAndTheLoaderCanBeEnumeratedAgain()
    {
        using var loader = Loader();
        var firstPass = new List<int[]>();
        foreach (var batch in loader)
        {
            firstPass.Add(batch.Indices);
            batch.Dispose();
            if (firstPass.Count == 2) break;
        }
        var secondPass = Collect(loader);
        Assert.Equal(6, secondPass.Count);
        Assert.Equal(firstPass[1], secondPass[1].Indices);
    }

    [Fact]
    public void Enumerate_PreparesAtMostPrefetchBatchesAhead()
    {
        var counting = new SlowDataset(Shapes.Train, TimeSpan.Zero);
        using var loader = Loader(train: counting, batchSize: 10, prefetch: 2);
        using var enumerator = loader.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        // One batch taken, two waiting in the queue, one built and blocked on the full queue: 40 reads, then no more.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (counting.Reads < 40 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Thread.Sleep(300);
        Assert.Equal(40, counting.Reads);
        enumerator.Current.Dispose();
        Assert.True(enumerator.MoveNext());
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (counting.Reads < 50 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Thread.Sleep(300);
        Assert.Equal(50, counting.Reads);
        enumerator.Current.Dispose();
    }

    [Fact]
    public void Enumerate_ReportsTheTimeSpentWaitingForSlowData()
    {
        // However many reads run in parallel, the first batch cannot be ready before one 30 ms read has finished.
        using var loader = Loader(train: new SlowDataset(Shapes.Train, TimeSpan.FromMilliseconds(30)), batchSize: 10);
        using var enumerator = loader.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.True(enumerator.Current.DataWaitSeconds > 0.025, $"waited {enumerator.Current.DataWaitSeconds:F3} s for 10 images of 30 ms each");
        enumerator.Current.Dispose();
    }

    [Fact]
    public void Enumerate_ADatasetError_ReachesTheConsumer()
    {
        using var loader = Loader(train: new SlowDataset(Shapes.Train, TimeSpan.Zero, failAt: 3));
        var error = Assert.Throws<DatasetException>(() => Collect(loader));
        Assert.Contains("image 3 cannot be read", error.Message);
    }

    [Fact]
    public void Constructor_BatchLargerThanTheDataset_NamesBatchSize()
    {
        var error = Assert.Throws<ConfigException>(() => Loader(batchSize: 101));
        Assert.Equal("batchSize", Assert.Single(error.Errors).Path);
        Assert.Throws<ConfigException>(() => new PairLoader(Shapes.Train, new AugmentationConfig { View2 = new ViewAugmentation { Hue = 3 } },
            Shapes.Mean, Shapes.Std, 8, CPU, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loader(startBatch: 7));
    }

    /// <summary>Wraps a data set, counting reads, sleeping on each and failing on one index when asked.</summary>
    private sealed class SlowDataset(IImageDataset inner, TimeSpan delay, int failAt = -1) : IImageDataset
    {
        private int reads;
        public int Reads => Volatile.Read(ref reads);
        public string Description => inner.Description;
        public int Count => inner.Count;
        public int Height => inner.Height;
        public int Width => inner.Width;
        public int NumClasses => inner.NumClasses;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public bool HasMasks => inner.HasMasks;
        public int Label(int index) => inner.Label(index);
        public void CopyMask(int index, Span<byte> destination) => inner.CopyMask(index, destination);

        public void CopyImage(int index, Span<byte> destination)
        {
            Interlocked.Increment(ref reads);
            if (index == failAt) throw new DatasetException($"image {index} cannot be read");
            if (delay > TimeSpan.Zero) Thread.Sleep(delay);
            inner.CopyImage(index, destination);
        }
    }
}
