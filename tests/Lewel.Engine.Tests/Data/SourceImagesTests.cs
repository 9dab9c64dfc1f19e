using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using Lewel.Engine.Tests.Data.Readers;
using SkiaSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Data;

/// <summary>The originals the training crops come from, next to the evaluation copies (resize + centre crop).</summary>
public class SourceImagesTests
{
    [Theory]
    [InlineData(96, 64, 32, 128, 96, 64, false)]     // within the cap: kept
    [InlineData(300, 200, 32, 128, 128, 85, false)]  // scaled down whole, longer side to the cap
    [InlineData(200, 300, 32, 128, 85, 128, false)]
    [InlineData(28, 28, 32, 128, 32, 32, true)]      // Fashion-MNIST at 32: the evaluation copy, as before
    [InlineData(1000, 100, 32, 128, 32, 32, true)]   // capped it would be 128×13: below the run's size
    [InlineData(32, 32, 32, 128, 32, 32, false)]
    public void Plan_KeepsCapsOrFallsBackToTheEvaluationCopy(int width, int height, int size, int maxSide, int w, int h, bool evalCrop) =>
        Assert.Equal((w, h, evalCrop), SourceImages.Plan(width, height, size, maxSide));

    /// <summary>96×64, constant over 2×2 blocks: halving is exact, so the expected copy is known pixel by pixel.</summary>
    private static (byte[] Rgb, byte[] Mask) Blocks()
    {
        var rgb = new byte[96 * 64 * 3];
        var mask = new byte[96 * 64];
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 96; x++)
        {
            rgb[(y * 96 + x) * 3] = (byte)(x / 2 * 5);
            rgb[(y * 96 + x) * 3 + 1] = (byte)(y / 2 * 7);
            rgb[(y * 96 + x) * 3 + 2] = 100;
            mask[y * 96 + x] = (byte)(x < 40 ? 1 : 0);
        }
        return (rgb, mask);
    }

    [Fact]
    public void EvaluationCopy_OfANonSquareOriginal_IsTheShorterSideResizedThenTheCentreCrop()
    {
        var (rgb, mask) = Blocks();
        var originals = new InMemoryImageDataset("blocks", [(96, 64)], [rgb], [0], ["a"], [mask]);
        var copy = ImageResizing.Resize(originals, 32);
        Assert.Equal((32, 32), (copy.Width, copy.Height));
        var image = new byte[32 * 32 * 3];
        var copyMask = new byte[32 * 32];
        copy.CopyImage(0, image);
        copy.CopyMask(0, copyMask);
        // 96×64 → 48×32, then columns [8, 40): pixel (x, y) is block (x + 8, y).
        for (var y = 0; y < 32; y++)
        for (var x = 0; x < 32; x++)
        {
            Assert.InRange(image[(y * 32 + x) * 3], (x + 8) * 5 - 1, (x + 8) * 5 + 1);
            Assert.InRange(image[(y * 32 + x) * 3 + 1], y * 7 - 1, y * 7 + 1);
            Assert.Equal(x + 8 < 20 ? 1 : 0, copyMask[y * 32 + x]);
        }
    }

    [Fact]
    public void Catalog_Stl10At32_KeepsThe96PixelOriginalsForCrops_AndEvaluatesOn32PixelCopies()
    {
        using var dir = new TempDirectory();
        var (train, _, unlabeled) = DatasetWriters.WriteStl10(dir.Path, 3, 2, 2);
        var splits = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        Assert.Equal((32, 32), (splits.Train.Width, splits.Train.Height));
        Assert.Equal((32, 32), (splits.Test.Width, splits.Test.Height));
        Assert.NotNull(splits.TrainOriginals);
        Assert.Same(splits.TrainOriginals, splits.TrainSources);
        DatasetWriters.AssertSameImages(train, splits.TrainSources);
        var buffer = new byte[96 * 96 * 3];
        splits.UnlabeledSources!.CopyImage(1, buffer);
        Assert.Equal(unlabeled.Images[1], buffer);
        var expected = ImageResizing.ResizeAndCrop(train.Images[0], 96, 96, 32);
        var copy = new byte[32 * 32 * 3];
        splits.Train.CopyImage(0, copy);
        Assert.Equal(expected, copy);

        // Evaluation alone does not hold the originals.
        var evaluationOnly = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { ImageSize = 32 });
        Assert.Null(evaluationOnly.TrainOriginals);
        Assert.Same(evaluationOnly.Train, evaluationOnly.TrainSources);
        evaluationOnly.Train.CopyImage(0, copy);
        Assert.Equal(expected, copy);
    }

    [Fact]
    public void Catalog_MaxSourceSide_CapsTheOriginals_AndMustBeAtLeastTheImageSize()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteStl10(dir.Path, 2, 2, 2);
        var capped = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 16, MaxSourceSide = 48 });
        Assert.Equal((48, 48), capped.TrainSources.SizeOf(0));
        Assert.Equal((48, 48), capped.UnlabeledSources!.SizeOf(1));
        var image = new byte[48 * 48 * 3];
        capped.UnlabeledSources.CopyImage(1, image);
        var byDefault = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 16 });
        Assert.Equal((64, 64), byDefault.TrainSources.SizeOf(0));
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32, MaxSourceSide = 20 }));
        Assert.Contains("maxSourceSide 20", error.Message);
    }

    [Fact]
    public void Catalog_SetsAtTheRunSize_AndSmallerOnes_HaveNoSeparateOriginals()
    {
        var shapes = DatasetCatalog.Open("shapes:size=32,n=20,seed=1,test=10", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        Assert.Null(shapes.TrainOriginals);
        Assert.Same(shapes.Train, shapes.TrainSources);
        var upsampled = DatasetCatalog.Open("shapes:size=16,n=20,seed=1,test=10", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        Assert.Null(upsampled.TrainOriginals);
        Assert.Same(upsampled.Train, upsampled.TrainSources);

        using var dir = new TempDirectory();
        var (train, _) = DatasetWriters.WriteIdx(dir.Path, 4, 2, 28, gzip: false);
        var idx = DatasetCatalog.Open($"idx:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        Assert.Null(idx.TrainOriginals);
        Assert.Equal((32, 32), idx.TrainSources.SizeOf(3));
        var image = new byte[32 * 32 * 3];
        idx.TrainSources.CopyImage(3, image);
        Assert.Equal(ImageResizing.ResizeAndCrop(train.Images[3], 28, 28, 32), image);
    }

    [Fact]
    public void Catalog_Folder_KeepsEachOriginalAtItsOwnSize_CappedAtFourTimesTheImageSize()
    {
        using var dir = new TempDirectory();
        var (rgb, _) = Blocks();
        WritePng(dir.File("train/a/wide.png"), rgb, 96, 64);
        WritePng(dir.File("train/a/large.png"), Enumerable.Repeat((byte)90, 300 * 200 * 3).ToArray(), 300, 200);
        WritePng(dir.File("test/a/wide.png"), rgb, 96, 64);
        var splits = DatasetCatalog.Open($"folder:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        var originals = splits.TrainSources;
        Assert.False(originals.UniformSize);
        Assert.Equal((128, 85), originals.SizeOf(0));   // large.png, in file-name order
        Assert.Equal((96, 64), originals.SizeOf(1));
        var image = new byte[96 * 64 * 3];
        originals.CopyImage(1, image);
        Assert.Equal(rgb, image);
        Assert.True(splits.Train.UniformSize);
        Assert.Equal((32, 32), (splits.Train.Width, splits.Train.Height));
        Assert.Equal((96, 64), splits.TestSources.SizeOf(0));
        var ex = Assert.Throws<InvalidOperationException>(() => ImageTensors.FromDataset(originals, [0, 1]));
        Assert.Contains("differing sizes", ex.Message);
    }

    [Fact]
    public void PairLoader_OverOriginalsOfDifferingSizes_CutsViewsAtTheRunSize_WithBoxesInEachOriginal()
    {
        var sizes = new (int Width, int Height)[] { (96, 64), (40, 40), (48, 80), (96, 64), (40, 40), (48, 80), (33, 50), (96, 64) };
        var images = sizes.Select((s, i) => Enumerable.Range(0, s.Width * s.Height * 3).Select(k => (byte)((k * 31 + i) % 256)).ToArray()).ToArray();
        var originals = new InMemoryImageDataset("mixed", sizes, images, Enumerable.Repeat(-1, sizes.Length).ToArray(), []);
        var aug = new AugmentationConfig();
        Assert.Throws<ArgumentException>(() => new PairLoader(originals, aug, [0.5, 0.5, 0.5], [0.2, 0.2, 0.2], 4, CPU, 1, 0));
        using var loader = new PairLoader(originals, aug, [0.5, 0.5, 0.5], [0.2, 0.2, 0.2], 4, CPU, 1, 0, viewSize: 32);
        var seen = 0;
        foreach (var batch in loader)
        {
            using (batch)
            {
                Assert.Equal(new long[] { 4, 3, 32, 32 }, batch.View1.shape);
                Assert.Equal(new long[] { 4, 3, 32, 32 }, batch.View2.shape);
                var boxes = batch.Box1.data<float>().ToArray();
                for (var k = 0; k < 4; k++)
                {
                    var (w, h) = sizes[batch.Indices[k]];
                    Assert.True(boxes[4 * k + 2] <= w && boxes[4 * k + 3] <= h, $"box of image {batch.Indices[k]} passes its {w}×{h} original");
                }
                seen++;
            }
        }
        Assert.Equal(2, seen);
    }

    [Fact]
    public void ToEvalPixels_MapsARectangleOfTheOriginalIntoItsEvaluationCopy()
    {
        Assert.Equal([0f, 0f, 32f, 32f], ImageResizing.ToEvalPixels([16, 0, 80, 64], 96, 64, 32));
        Assert.Equal([-8f, 0f, 40f, 32f], ImageResizing.ToEvalPixels([0, 0, 96, 64], 96, 64, 32));
        Assert.Equal([1f, 2f, 3f, 4f], ImageResizing.ToEvalPixels([1, 2, 3, 4], 32, 32, 32));
    }

    [Fact]
    public void ProbeViews_AreCutFromTheOriginals_WithBoxesDrawnInTheEvaluationImage()
    {
        using var dir = new TempDirectory();
        DatasetWriters.WriteStl10(dir.Path, 2, 3, 1);
        var splits = DatasetCatalog.Open($"stl10:{dir.Path}", new DatasetOpenOptions { KeepOriginals = true, ImageSize = 32 });
        var config = Tests.TestSupport.TinyConfigs.For(MethodIds.LewelB) with
        {
            ImageSize = 32, Monitor = new MonitorConfig { ProbeIndices = [2] },
        };
        var probes = Lewel.Engine.Training.ProbeViews.Create(config, splits, CPU);
        using var probe = Assert.Single(probes);
        Assert.Equal((32, 32), (probe.Original.Width, probe.Original.Height));
        Assert.Equal((32, 32), (probe.View1.Width, probe.View1.Height));
        using var sources = ViewSources.Read(splits.TestSources, [2], CPU);
        using var generator = new TorchSharp.torch.Generator((ulong)Lewel.Engine.Training.ProbeViews.ViewSeed(config.Seed, 2, 1));
        using var view = ViewPipeline.Apply(sources, 32, 32, config.Augmentation.View1, generator);
        var box96 = view.Boxes[0].data<float>().ToArray();
        Assert.Equal(box96.Select(v => v / 3).ToArray(), probe.View1Box, new FloatTolerance(1e-5f));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }

    private static void WritePng(string path, byte[] rgb, int w, int h)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var canvas = new ImageCanvas(w, h);
        canvas.DrawRgb(rgb, w, h, SKRect.Create(0, 0, w, h));
        canvas.SavePng(path);
    }
}
