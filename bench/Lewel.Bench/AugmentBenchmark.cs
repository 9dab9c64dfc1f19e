using System.Diagnostics;
using System.Globalization;
using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Bench;

/// <summary><c>augment [--reps N] [--threads N]</c>: images per second of one augmented view pair (both views of a
/// batch) at batch 128 and 256 on 32 px <c>shapes</c> images, for the small presets of LEWEL_B (bicubic crops, solarize
/// in view 2) and LEWEL_M (blur 0.5 in both views), timed call by call and through the pair loader end to end (bytes →
/// tensors → both views); a per-operation breakdown at batch 256; and how long generating 50,000 <c>shapes</c> images
/// takes.
/// Writes bench/results/augment.json (augment-threads{N}.json for another thread count). Times are medians over the repetitions, on the CPU, measured on a worker thread
/// as the pair loader runs them; one pair is also timed on the calling thread, because on a busy machine libtorch's
/// OpenMP regions started from the process's first thread (or from a thread that called set_num_threads) were seen to
/// stall (see <c>callingThread</c>).</summary>
public static class AugmentBenchmark
{
    public static int Run(string[] args)
    {
        var (reps, threads) = ParseArgs(args);
        TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        object? results = null;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                // Like the pair loader's producer, this thread does not call set_num_threads itself: it inherits the
                // process's setting (intraOpThreads in the results says what it got).
                results = Measure(reps);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        worker.Start();
        worker.Join();
        if (failure is not null) throw new InvalidOperationException("the augment benchmark failed", failure);

        var aug = Presets.For(MethodIds.LewelB, Presets.Small).Augmentation;
        var shapes = DatasetCatalog.Open("shapes:size=32,n=256,seed=1,test=100");
        using var images = ImageTensors.FromDataset(shapes.Train, Enumerable.Range(0, 256).ToArray());
        var calling = MedianSeconds(reps, rep => Pair(images, aug, shapes, rep));
        Console.WriteLine($"calling thread, lewel-b batch 256: {calling * 1000:F1} ms per pair");
        ResultsFile.Write(threads == 2 ? "augment" : $"augment-threads{threads}", new
        {
            threads,
            reps,
            loadAverage = LoadAverage(),
            measuredOn = "worker thread (as the pair loader)",
            worker = results,
            callingThread = new { method = MethodIds.LewelB, batch = 256, msPerPair = Math.Round(calling * 1000, 2), imagesPerSecond = Math.Round(256 / calling) },
        });
        return 0;
    }

    private static void Pair(Tensor images, AugmentationConfig aug, DatasetSplits shapes, int rep)
    {
        using var g1 = new Generator((ulong)rep * 2 + 1);
        using var g2 = new Generator((ulong)rep * 2 + 2);
        using var v1 = ViewPipeline.Apply(images, aug.View1, g1, shapes.Mean, shapes.Std);
        using var v2 = ViewPipeline.Apply(images, aug.View2, g2, shapes.Mean, shapes.Std);
    }

    private static object Measure(int reps)
    {

        var clock = Stopwatch.StartNew();
        var shapes = DatasetCatalog.Open("shapes:size=32,n=50000,seed=1,test=100");
        var generationSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"shapes: 50,000 images at 32 px generated in {generationSeconds:F1} s");

        var pairs = new List<object>();
        foreach (var method in new[] { MethodIds.LewelB, MethodIds.LewelM })
        {
            var aug = Presets.For(method, Presets.Small).Augmentation;
            foreach (var batch in new[] { 128, 256 })
            {
                using var images = ImageTensors.FromDataset(shapes.Train, Enumerable.Range(0, batch).ToArray());
                var median = MedianSeconds(reps, rep => Pair(images, aug, shapes, rep));
                Console.WriteLine($"{method,-8} batch {batch,3}: {median * 1000,7:F1} ms per pair, {batch / median,8:F0} images/s");
                pairs.Add(new { method, preset = Presets.Small, batch, imageSize = 32, msPerPair = Math.Round(median * 1000, 2), imagesPerSecond = Math.Round(batch / median) });
            }
        }

        var breakdown = Breakdown(shapes, reps);
        var loader = LoaderThroughput(shapes, reps);
        return new
        {
            intraOpThreads = get_num_threads(),
            shapesGeneration = new { images = 50000, imageSize = 32, seconds = Math.Round(generationSeconds, 2) },
            pairs,
            breakdownBatch256 = breakdown,
            pairLoader = loader,
        };
    }

    /// <summary>Each operation alone on a batch of 256, every sample selected (probability 1).</summary>
    private static object Breakdown(DatasetSplits shapes, int reps)
    {
        using var images = ImageTensors.FromDataset(shapes.Train, Enumerable.Range(0, 256).ToArray());
        var none = new ViewAugmentation
        {
            CropScaleMin = 1, CropScaleMax = 1, CropRatioMin = 1, CropRatioMax = 1, FlipProbability = 0, JitterProbability = 0,
            GrayscaleProbability = 0, BlurProbability = 0, SolarizeProbability = 0,
        };
        var cases = new (string Name, ViewAugmentation Aug)[]
        {
            ("identity + normalise", none),
            ("crop + flip bilinear", none with { CropScaleMin = 0.08, CropRatioMin = 0.75, CropRatioMax = 4.0 / 3, FlipProbability = 0.5 }),
            ("crop + flip bicubic", none with { CropScaleMin = 0.08, CropRatioMin = 0.75, CropRatioMax = 4.0 / 3, FlipProbability = 0.5, Interpolation = "bicubic" }),
            ("colour jitter (p 1)", none with { JitterProbability = 1 }),
            ("grayscale (p 1)", none with { GrayscaleProbability = 1 }),
            ("blur σ 0.1–2 (p 1)", none with { BlurProbability = 1 }),
            ("solarize (p 1)", none with { SolarizeProbability = 1 }),
        };
        return cases.Select(c =>
        {
            var median = MedianSeconds(reps, rep =>
            {
                using var g = new Generator((ulong)rep + 1);
                using var v = ViewPipeline.Apply(images, c.Aug, g, shapes.Mean, shapes.Std);
            });
            Console.WriteLine($"  {c.Name,-22} {median * 1000,7:F2} ms");
            return new { operation = c.Name, ms = Math.Round(median * 1000, 2) };
        }).ToArray();
    }

    /// <summary>Whole epochs of a 4,096-image subset through the pair loader (bytes → tensors → both views, prepared on
    /// its background thread), for each preset and batch size.</summary>
    private static object LoaderThroughput(DatasetSplits shapes, int reps)
    {
        var subset = new SubsetDataset(shapes.Train, 4096);
        var epochs = Math.Max(1, reps / 5);
        var results = new List<object>();
        foreach (var method in new[] { MethodIds.LewelB, MethodIds.LewelM })
        foreach (var batchSize in new[] { 128, 256 })
        {
            var aug = Presets.For(method, Presets.Small).Augmentation;
            var clock = Stopwatch.StartNew();
            var batches = 0;
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                using var loader = new PairLoader(subset, aug, shapes.Mean, shapes.Std, batchSize, CPU, seed: 1, epoch: epoch);
                foreach (var batch in loader)
                {
                    batch.Dispose();
                    batches++;
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"pair loader {method,-8} batch {batchSize,3}: {batches * batchSize / seconds,8:F0} images/s ({batches} batches)");
            results.Add(new { method, batch = batchSize, batches, seconds = Math.Round(seconds, 2), imagesPerSecond = Math.Round(batches * batchSize / seconds) });
        }
        return results;
    }

    private static double MedianSeconds(int reps, Action<int> work)
    {
        for (var i = 0; i < 3; i++) work(-1 - i);
        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var clock = Stopwatch.StartNew();
            work(i);
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[reps / 2];
    }

    private static (int Reps, int Threads) ParseArgs(string[] args)
    {
        int reps = 20, threads = 2;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is not ("--reps" or "--threads")) throw new ArgumentException($"unknown option '{option}' (augment knows --reps N and --threads N)");
            if (i + 1 >= args.Length || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                throw new ArgumentException($"option {option} needs a positive integer");
            if (option == "--reps") reps = value; else threads = value;
        }
        return (reps, threads);
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load : double.NaN;

    /// <summary>The first <c>count</c> images of a data set.</summary>
    private sealed class SubsetDataset(IImageDataset inner, int count) : IImageDataset
    {
        public string Description => $"{inner.Description} (first {count})";
        public int Count => Math.Min(count, inner.Count);
        public int Height => inner.Height;
        public int Width => inner.Width;
        public int NumClasses => inner.NumClasses;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public bool HasMasks => inner.HasMasks;
        public void CopyImage(int index, Span<byte> destination) => inner.CopyImage(index, destination);
        public int Label(int index) => inner.Label(index);
        public void CopyMask(int index, Span<byte> destination) => inner.CopyMask(index, destination);
    }
}
