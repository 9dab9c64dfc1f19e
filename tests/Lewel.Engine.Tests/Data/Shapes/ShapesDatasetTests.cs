using Lewel.Engine.Data;
using Lewel.Engine.Data.Shapes;
using Lewel.Engine.Tests.Data;

namespace Lewel.Engine.Tests.Data.Shapes;

public class ShapesDatasetTests
{
    private static byte[] Image(IImageDataset d, int i)
    {
        var b = new byte[d.Height * d.Width * 3];
        d.CopyImage(i, b);
        return b;
    }

    private static byte[] Mask(IImageDataset d, int i)
    {
        var b = new byte[d.Height * d.Width];
        d.CopyMask(i, b);
        return b;
    }

    [Fact]
    public void Open_SameSeed_GivesTheSameBytes_AndAnotherSeedDifferentOnes()
    {
        var a = ShapesDataset.Open(new ShapesSpec(32, 60, 5, 20), null);
        var b = ShapesDataset.Open(new ShapesSpec(32, 60, 5, 20), null);
        var c = ShapesDataset.Open(new ShapesSpec(32, 60, 6, 20), null);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(Image(a.Train, i), Image(b.Train, i));
            Assert.Equal(Mask(a.Train, i), Mask(b.Train, i));
            Assert.Equal(a.Train.Label(i), b.Train.Label(i));
        }
        Assert.Equal(Image(a.Test, 3), Image(b.Test, 3));
        Assert.True(Enumerable.Range(0, 60).Count(i => Image(a.Train, i).SequenceEqual(Image(c.Train, i))) == 0);
    }

    [Fact]
    public void Open_LabelsAreBalancedAndSplitsAreDisjoint()
    {
        var splits = ShapesDataset.Open(new ShapesSpec(16, 205, 1, 50), null);
        Assert.Equal(10, splits.Train.NumClasses);
        Assert.Equal(ShapeKinds.ClassNames, splits.Train.ClassNames);
        var counts = Enumerable.Range(0, 205).GroupBy(splits.Train.Label).Select(g => g.Count()).ToArray();
        Assert.Equal(10, counts.Length);
        Assert.True(counts.Max() - counts.Min() <= 1, $"class counts {string.Join(",", counts)}");
        Assert.Equal(50, splits.Test.Count);
        var train = Enumerable.Range(0, 205).Select(i => Convert.ToBase64String(Image(splits.Train, i))).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, 50), i => train.Contains(Convert.ToBase64String(Image(splits.Test, i))));
        Assert.EndsWith("[train]", splits.Train.Description);
        Assert.EndsWith("[test]", splits.Test.Description);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Masks_MarkExactlyThePixelsWhereTheObjectWeighsAtLeastHalf(int size)
    {
        // Every layer draws from its own random stream, so painting the object white and then black changes the
        // picture only through the object's weight w = a·(1−o): |white − black| = 3·255·w per pixel.
        var splitSeed = ShapesGenerator.SplitSeed(3, test: false);
        var white = new ShapesRenderer.ShapesRenderOverrides(ObjectColor: new Rgb(1, 1, 1));
        var black = new ShapesRenderer.ShapesRenderOverrides(ObjectColor: new Rgb(0, 0, 0));
        for (var i = 0; i < 200; i++)
        {
            var kind = (ShapeKind)(i % 10);
            var seed = ShapesGenerator.ImageSeed(splitSeed, i);
            var (onWhite, mask) = Render(size, seed, kind, white);
            var (onBlack, maskAgain) = Render(size, seed, kind, black);
            Assert.Equal(mask, maskAgain);
            Assert.True(mask.Count(m => m == 1) >= size * size / 40, $"image {i} ({kind}) shows only {mask.Count(m => m == 1)} object pixels");
            for (var p = 0; p < size * size; p++)
            {
                var weight = (onWhite[3 * p] - onBlack[3 * p] + onWhite[3 * p + 1] - onBlack[3 * p + 1] + onWhite[3 * p + 2] - onBlack[3 * p + 2]) / (3 * 255.0);
                if (mask[p] == 1) Assert.True(weight >= 0.5 - 0.004, $"image {i} ({kind}) pixel {p % size},{p / size} is in the mask but the object weighs {weight:F3}");
                else Assert.True(weight < 0.5 + 0.004, $"image {i} ({kind}) pixel {p % size},{p / size} is outside the mask but the object weighs {weight:F3}");
            }
        }
    }

    [Fact]
    public void Masks_PixelsShowAnObjectThatStandsOutFromTheScene()
    {
        var splitSeed = ShapesGenerator.SplitSeed(8, test: false);
        int maskPixels = 0, unchanged = 0;
        for (var i = 0; i < 200; i++)
        {
            var seed = ShapesGenerator.ImageSeed(splitSeed, i);
            var (with, mask) = Render(32, seed, (ShapeKind)(i % 10), ShapesRenderer.ShapesRenderOverrides.None);
            var (without, _) = Render(32, seed, (ShapeKind)(i % 10), new ShapesRenderer.ShapesRenderOverrides(IncludeObject: false));
            for (var p = 0; p < mask.Length; p++)
            {
                if (mask[p] == 0) continue;
                maskPixels++;
                var difference = Math.Abs(with[3 * p] - without[3 * p]) + Math.Abs(with[3 * p + 1] - without[3 * p + 1]) + Math.Abs(with[3 * p + 2] - without[3 * p + 2]);
                if (difference < 30) unchanged++;
            }
        }
        Assert.True(unchanged <= maskPixels / 50, $"{unchanged} of {maskPixels} mask pixels barely differ from the scene without the object");
    }

    private static (byte[] Rgb, byte[] Mask) Render(int size, ulong seed, ShapeKind kind, ShapesRenderer.ShapesRenderOverrides overrides)
    {
        var rgb = new byte[size * size * 3];
        var mask = new byte[size * size];
        ShapesRenderer.Render(size, seed, kind, rgb, mask, overrides);
        return (rgb, mask);
    }

    [Fact]
    public void ObjectColour_DoesNotPredictTheClass()
    {
        var splits = ShapesDataset.Open(new ShapesSpec(32, 2000, 9, 1000), null);
        double[] Feature(IImageDataset d, int i)
        {
            var image = Image(d, i);
            var mask = Mask(d, i);
            var sum = new double[3];
            var n = 0;
            for (var p = 0; p < mask.Length; p++)
                if (mask[p] == 1) { n++; for (var c = 0; c < 3; c++) sum[c] += image[3 * p + c]; }
            return sum.Select(s => s / Math.Max(n, 1)).ToArray();
        }
        var centroids = new double[10][];
        for (var k = 0; k < 10; k++)
        {
            var members = Enumerable.Range(0, 2000).Where(i => splits.Train.Label(i) == k).Select(i => Feature(splits.Train, i)).ToArray();
            centroids[k] = Enumerable.Range(0, 3).Select(c => members.Average(m => m[c])).ToArray();
        }
        var correct = Enumerable.Range(0, 1000).Count(i =>
        {
            var f = Feature(splits.Test, i);
            var predicted = Enumerable.Range(0, 10).MinBy(k => Enumerable.Range(0, 3).Sum(c => Math.Pow(f[c] - centroids[k][c], 2)));
            return predicted == splits.Test.Label(i);
        });
        Assert.InRange(correct / 1000.0, 0.0, 0.18);
    }

    [Fact]
    public void Open_WithACacheDir_WritesThenLoadsTheSameImages()
    {
        using var dir = new TempDirectory();
        var spec = new ShapesSpec(16, 40, 2, 10);
        var first = ShapesDataset.Open(spec, dir.Path, out var o1);
        var second = ShapesDataset.Open(spec, dir.Path, out var o2);
        Assert.Equal(ShapesCacheOutcome.Generated, o1);
        Assert.Equal(ShapesCacheOutcome.Loaded, o2);
        Assert.Single(Directory.GetFiles(dir.Path, "shapes-*.bin"));
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(Image(first.Train, i), Image(second.Train, i));
            Assert.Equal(Mask(first.Train, i), Mask(second.Train, i));
            Assert.Equal(first.Train.Label(i), second.Train.Label(i));
        }
        Assert.Equal(first.Mean, second.Mean);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("header")]
    public void Open_WithACorruptCache_RebuildsIt(string damage)
    {
        using var dir = new TempDirectory();
        var spec = new ShapesSpec(16, 30, 4, 10);
        var original = ShapesDataset.Open(spec, dir.Path);
        var path = Directory.GetFiles(dir.Path, "shapes-*.bin").Single();
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 2] ^= 0x40; break;
            case "truncate": bytes = bytes[..(bytes.Length - 100)]; break;
            case "header": bytes[16] ^= 1; break;
        }
        File.WriteAllBytes(path, bytes);
        var reopened = ShapesDataset.Open(spec, dir.Path, out var outcome);
        Assert.Equal(ShapesCacheOutcome.Rebuilt, outcome);
        Assert.Equal(Image(original.Train, 15), Image(reopened.Train, 15));
        ShapesDataset.Open(spec, dir.Path, out var afterRebuild);
        Assert.Equal(ShapesCacheOutcome.Loaded, afterRebuild);
    }

    [Theory]
    [InlineData("size=32,n=20000,seed=1,test=2000", 32, 20000, 1L, 2000)]
    [InlineData("", 32, 20000, 1L, 2000)]
    [InlineData("size=96, n=500, seed=-3", 96, 500, -3L, 100)]
    public void Parse_ReadsEachKey(string text, int size, int n, long seed, int test)
    {
        var spec = ShapesSpec.Parse(text);
        Assert.Equal((size, n, seed, test), (spec.Size, spec.Count, spec.Seed, spec.TestCount));
    }

    [Theory]
    [InlineData("size=8", "size=8")]
    [InlineData("size=abc", "size=abc")]
    [InlineData("n=0", "n=0")]
    [InlineData("colour=red", "unknown key 'colour'")]
    [InlineData("seed=1,seed=2", "given twice")]
    [InlineData("size", "expected key=value")]
    [InlineData("scene=busy", "scene must be cluttered or plain or silhouette or stencil")]
    public void Parse_BadPart_IsNamedInTheError(string text, string expected)
    {
        var error = Assert.Throws<DatasetException>(() => ShapesSpec.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("", ShapesScene.Cluttered, "shapes:size=32,n=20000,seed=1,test=2000")]
    [InlineData("scene=cluttered", ShapesScene.Cluttered, "shapes:size=32,n=20000,seed=1,test=2000")]
    [InlineData("n=50,scene=Plain", ShapesScene.Plain, "shapes:size=32,n=50,seed=1,test=100,scene=plain")]
    [InlineData("n=50,scene=silhouette", ShapesScene.Silhouette, "shapes:size=32,n=50,seed=1,test=100,scene=silhouette")]
    [InlineData("n=50,scene=stencil", ShapesScene.Stencil, "shapes:size=32,n=50,seed=1,test=100,scene=stencil")]
    public void Parse_Scene_IsReadAndWrittenBack_TheDefaultLeftOut(string text, ShapesScene scene, string written)
    {
        var spec = ShapesSpec.Parse(text);
        Assert.Equal(scene, spec.Scene);
        Assert.Equal(written, spec.ToString());
        Assert.Equal(written, ShapesSpec.Parse(written["shapes:".Length..]).ToString());
    }

    /// <summary>A plain scene is the cluttered one's object on one flat colour: the same labels and at least the same
    /// visible object (no occluder), and without the object every pixel within the grain (±0.05) of one colour.</summary>
    [Fact]
    public void PlainScene_KeepsTheObjects_OnAFlatBackground()
    {
        var cluttered = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10), null);
        var plain = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10, ShapesScene.Plain), null);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(cluttered.Train.Label(i), plain.Train.Label(i));
            Assert.True(Mask(plain.Train, i).Count(m => m == 1) >= Mask(cluttered.Train, i).Count(m => m == 1), $"image {i}: the plain scene hides more of the object");
        }
        Assert.DoesNotContain(Enumerable.Range(0, 40), i => Image(plain.Train, i).SequenceEqual(Image(cluttered.Train, i)));
        for (var seed = 0UL; seed < 20; seed++)
        {
            var empty = new byte[32 * 32 * 3];
            ShapesRenderer.Render(32, seed, ShapeKind.Star, empty, new byte[32 * 32], new ShapesRenderer.ShapesRenderOverrides(IncludeObject: false), ShapesScene.Plain);
            for (var c = 0; c < 3; c++)
            {
                var values = Enumerable.Range(0, 32 * 32).Select(p => (int)empty[3 * p + c]).ToList();
                Assert.True(values.Max() - values.Min() <= 2 * 0.05 * 255 + 2, $"seed {seed}: background channel {c} spans {values.Min()}..{values.Max()}");
            }
        }
    }

    /// <summary>A silhouette scene has no colour: every pixel is gray, the background dark (≤ 0.3 + grain) and the object
    /// light (≥ 0.6, less its shading), with the same labels and object masks as the plain scene.</summary>
    [Fact]
    public void SilhouetteScene_IsALightGrayObjectOnADarkGrayBackground()
    {
        var plain = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10, ShapesScene.Plain), null);
        var silhouette = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10, ShapesScene.Silhouette), null);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(plain.Train.Label(i), silhouette.Train.Label(i));
            var mask = Mask(silhouette.Train, i);
            Assert.Equal(Mask(plain.Train, i), mask);
            var rgb = Image(silhouette.Train, i);
            for (var p = 0; p < 32 * 32; p++)
            {
                Assert.True(rgb[3 * p] == rgb[3 * p + 1] && rgb[3 * p] == rgb[3 * p + 2], $"image {i}, pixel {p} has colour");
                if (mask[p] == 0 && p % 32 is > 2 and < 29 && p / 32 is > 2 and < 29 && IsFarFromObject(mask, p))
                    Assert.True(rgb[3 * p] <= (0.3 + 0.05) * 255 + 1, $"image {i}, background pixel {p} is {rgb[3 * p]}");
            }
            var objectLevels = Enumerable.Range(0, 32 * 32).Where(p => mask[p] == 1).Select(p => (int)rgb[3 * p]).ToList();
            Assert.True(objectLevels.Average() >= 0.6 * 0.85 * 255, $"image {i}: the object's mean level is {objectLevels.Average():F0}");
        }
    }

    /// <summary>A stencil scene is the silhouette scene's light object (same labels and masks) on a background
    /// that does not tell images apart: away from the object every image's background has the same mean (0.15) and
    /// spread (grain 0.03), where the silhouette scene's backgrounds differ by up to 0.3.</summary>
    [Fact]
    public void StencilScene_IsTheSilhouettesObject_OnOneBackgroundForEveryImage()
    {
        var silhouette = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10, ShapesScene.Silhouette), null);
        var stencil = ShapesDataset.Open(new ShapesSpec(32, 40, 9, 10, ShapesScene.Stencil), null);
        var backgroundMeans = new List<double>();
        var silhouetteMeans = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(silhouette.Train.Label(i), stencil.Train.Label(i));
            var mask = Mask(stencil.Train, i);
            Assert.Equal(Mask(silhouette.Train, i), mask);
            byte[] rgb = Image(stencil.Train, i), reference = Image(silhouette.Train, i);
            var objectLevels = Enumerable.Range(0, 32 * 32).Where(p => mask[p] == 1).Select(p => (int)rgb[3 * p]).ToList();
            Assert.True(objectLevels.Average() >= 0.6 * 0.85 * 255, $"image {i}: the object's mean level is {objectLevels.Average():F0}");
            var far = Enumerable.Range(0, 32 * 32).Where(p => mask[p] == 0 && p % 32 is > 2 and < 29 && p / 32 is > 2 and < 29 && IsFarFromObject(mask, p)).ToList();
            var levels = far.Select(p => rgb[3 * p] / 255.0).ToList();
            Assert.All(levels, v => Assert.InRange(v, 0.15 - 0.06, 0.15 + 0.06)); // the grain, and the object's antialiased rim near the 2-pixel margin
            backgroundMeans.Add(levels.Average());
            silhouetteMeans.Add(far.Average(p => reference[3 * p] / 255.0));
        }
        Assert.True(backgroundMeans.Max() - backgroundMeans.Min() < 0.01, $"stencil backgrounds' means span {backgroundMeans.Min():F3}..{backgroundMeans.Max():F3}");
        Assert.True(silhouetteMeans.Max() - silhouetteMeans.Min() > 0.15, "the silhouette scene's backgrounds should differ (the reference this scene removes)");
    }

    private static bool IsFarFromObject(byte[] mask, int p)
    {
        int x = p % 32, y = p / 32;
        for (var dy = -2; dy <= 2; dy++)
        for (var dx = -2; dx <= 2; dx++)
            if (mask[(y + dy) * 32 + x + dx] == 1) return false;
        return true;
    }
}
