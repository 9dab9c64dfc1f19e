using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Methods;

public class KeyQueueTests
{
    [Fact]
    public void New_HoldsRandomUnitVectorsPerViewAndStartsAtZero()
    {
        using var queue = new KeyQueue(views: 2, dim: 4, size: 6);
        Assert.Equal(new long[] { 2, 4, 6 }, queue.Keys.shape);
        TensorAssert.Close(ones(2, 6), queue.Keys.norm(1), 1e-5, "key norms");
        Assert.Equal(0, queue.Position);
        Assert.Equal(new[] { "keys", "ptr" }, queue.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Enqueue_OverwritesTheOldestKeysAndWrapsAround()
    {
        using var queue = new KeyQueue(views: 2, dim: 3, size: 6);
        for (var step = 0; step < 4; step++)
        {
            // [views, n = 2, dim]: every key of this step filled with (step + 1) · (view + 1)
            var keys = stack([full(2, 3, step + 1.0f), full(2, 3, 2 * (step + 1.0f))]);
            queue.Enqueue(keys);
            Assert.Equal((step + 1) * 2 % 6, queue.Position);
        }
        // columns 0–1 were rewritten by step 4, columns 2–3 by step 2, columns 4–5 by step 3
        TensorAssert.Close([4, 4, 2, 2, 3, 3], queue.Keys[0, 0], 0, "view 0");
        TensorAssert.Close([8, 8, 4, 4, 6, 6], queue.Keys[1, 2], 0, "view 1");
    }

    /// <summary>Enqueue used temporary Scalars (<c>remainder_(Size)</c>, and the alpha of <c>+</c> and <c>add_</c>) that
    /// a collection during the native call freed while libtorch read them: a MoCo run failed with "Unknown scalar type"
    /// in <c>remainder</c>. Under a thread that collects continuously, 4 s of enqueues must all succeed and land.</summary>
    [Fact]
    public void Enqueue_WhileTheCollectorRunsContinuously_NeverLosesAScalar()
    {
        using var queue = new KeyQueue(views: 2, dim: 3, size: 6);
        using var keys = ones(2, 2, 3);
        long enqueues = 0;
        var failures = new List<string>();
        using (var collector = new CollectingThread())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                try { queue.Enqueue(keys); enqueues++; }
                catch (Exception e) { failures.Add(e.Message.Split('\n')[0]); }
            }
            Assert.True(collector.Collections > 10, $"only {collector.Collections} collections ran");
        }
        Assert.Empty(failures);
        Assert.Equal(enqueues * 2 % 6, queue.Position);
    }

    [Fact]
    public void Enqueue_SizeNotAMultipleOfTheKeysPerStep_Throws()
    {
        using var queue = new KeyQueue(views: 2, dim: 3, size: 7);
        var error = Assert.Throws<ArgumentException>(() => queue.Enqueue(zeros(2, 2, 3)));
        Assert.Contains("not a multiple", error.Message);
    }

    [Fact]
    public void Negatives_IsACopyThatLaterEnqueuesDoNotChange()
    {
        using var queue = new KeyQueue(views: 2, dim: 3, size: 4);
        var before = queue.Negatives(1);
        var snapshot = before.clone();
        queue.Enqueue(zeros(2, 4, 3));
        TensorAssert.Close(snapshot, before, 0, "negatives");
        Assert.Equal(new long[] { 3, 4 }, before.shape);
    }
}
