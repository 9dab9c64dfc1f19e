using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using TorchSharp;
using static TorchSharp.torch;
using static Lewel.Engine.Tests.Augment.AugmentTestData;

namespace Lewel.Engine.Tests.Augment;

/// <summary>Views are cut from the whole original (of any size) and resized to the view size.</summary>
public class OriginalCropTests
{
    private static readonly ViewAugmentation CropOnly = Identity with
    {
        CropScaleMin = 0.08, CropScaleMax = 1, CropRatioMin = 3.0 / 4, CropRatioMax = 4.0 / 3,
    };

    /// <summary>A (1, 3, H, W) image whose channel 0 is x / W and channel 1 is y / H at pixel centres' indices.</summary>
    private static Tensor Ramps(int height, int width)
    {
        var x = arange(width, dtype: float32).div(width).view(1, 1, 1, width).expand(1, 1, height, width);
        var y = arange(height, dtype: float32).div(height).view(1, 1, height, 1).expand(1, 1, height, width);
        return cat([x, y, zeros(1, 1, height, width)], 1).contiguous();
    }

    [Fact]
    public void Boxes_AreDrawnOverTheWholeOriginal_AndReachPastTheCentreSquare()
    {
        const int width = 96, height = 64, draws = 4000;
        var p = AugmentationParameters.Draw(Enumerable.Repeat((width, height), draws).ToArray(), CropOnly, new Generator(5));
        // torchvision's fallback for a 3:2 original with ratios up to 4:3: the centre 85×64.
        var fallback = new CropBox(5, 0, 90, 64);
        Assert.All(p.Boxes, b => Assert.True(b.X0 >= 0 && b.Y0 >= 0 && b.X1 <= width && b.Y1 <= height && b.Width >= 1 && b.Height >= 1, $"{b}"));
        // The centre square of the old pipeline spans columns [16, 80); these boxes lie mostly or wholly outside it.
        Assert.Contains(p.Boxes, b => b.X0 < 8);
        Assert.Contains(p.Boxes, b => b.X1 > 88);
        Assert.Contains(p.Boxes, b => b.X1 <= 30);
        Assert.Contains(p.Boxes, b => b.X0 >= 66);
        foreach (var b in p.Boxes.Where(b => b != fallback))
        {
            // w and h are rounded from √(area·ratio) and √(area/ratio): the area moves by at most (w + h) / 2 + ¼.
            double area = width * height, slack = (b.Width + b.Height + 0.5) / 2 / area, fraction = b.Width * b.Height / area;
            Assert.InRange(fraction, CropOnly.CropScaleMin - slack, CropOnly.CropScaleMax + slack);
            Assert.InRange(b.Width / b.Height, 0.75 * (1 - 1.0 / b.Height) / (1 + 1.0 / b.Width), 4.0 / 3 * (1 + 1.0 / b.Width) / (1 - 1.0 / b.Height));
        }
    }

    [Fact]
    public void View_ShowsTheBoxOfTheOriginal_ResizedToTheViewSize()
    {
        using var scope = NewDisposeScope();
        var image = Ramps(64, 96);
        // A corner box entirely outside the 64×64 centre square, 24×24 px read into an 8×8 view.
        var box = new CropBox(2, 40, 26, 64);
        var view = ResizedCrop.Apply(image, [box], [false], "bilinear", 8, 8);
        Assert.Equal(new long[] { 1, 3, 8, 8 }, view.shape);
        var values = Values(view);
        for (var v = 0; v < 8; v++)
        for (var u = 0; u < 8; u++)
        {
            // Output pixel u samples the crop at x0 + (u + ½)·w / 8 (edge coordinates); the ramp is linear there.
            var x = (box.X0 + (u + 0.5) * box.Width / 8 - 0.5) / 96;
            var y = (box.Y0 + (v + 0.5) * box.Height / 8 - 0.5) / 64;
            Assert.Equal(x, values[v * 8 + u], 1e-5);
            Assert.Equal(y, values[64 + v * 8 + u], 1e-5);
        }
    }

    [Theory]
    [InlineData("bilinear", InterpolationMode.Bilinear)]
    [InlineData("bicubic", InterpolationMode.Bicubic)]
    public void View_IsTheCropOfTheOriginalThenResized_AsTorchDoesIt(string interpolation, InterpolationMode mode)
    {
        using var scope = NewDisposeScope();
        var image = rand(1, 3, 64, 96, generator: new Generator(8));
        foreach (var box in new CropBox[] { new(2, 40, 26, 64), new(60, 0, 96, 50), new(0, 0, 96, 64) })
        {
            var view = ResizedCrop.Apply(image, [box], [false], interpolation, 20, 20);
            var crop = image[.., .., (int)box.Y0..(int)box.Y1, (int)box.X0..(int)box.X1];
            var expected = nn.functional.interpolate(crop, [20, 20], mode: mode, align_corners: false);
            AssertClose(interpolation == "bicubic" ? expected.clamp(0, 1) : expected, view, 1e-5);
        }
    }

    [Fact]
    public void Bilinear_GridAndMatrices_Agree_WhenTheOriginalIsLargerThanTheView()
    {
        using var scope = NewDisposeScope();
        var images = rand(3, 3, 64, 96, generator: new Generator(3));
        CropBox[] boxes = [new(0, 0, 96, 64), new(70, 3, 96, 40), new(10, 20, 13, 22)];
        bool[] flips = [false, true, false];
        var viaGrid = ResizedCrop.Apply(images, boxes, flips, "bilinear", 16, 16);
        var viaMatrices = ResizedCrop.Separable(images, boxes, flips, ResamplingKernel.Linear, 16, 16);
        AssertClose(viaGrid, viaMatrices, 1e-5);
    }

    [Fact]
    public void MixedSizes_EachSampleIsCutFromItsOwnOriginal_InBatchOrder()
    {
        using var scope = NewDisposeScope();
        var wide = rand(2, 3, 30, 40, generator: new Generator(1));
        var small = rand(1, 3, 20, 20, generator: new Generator(2));
        using var sources = new ViewSources([new ViewSources.Group(wide, [0, 2]), new ViewSources.Group(small, [1])]);
        Assert.Equal([(40, 30), (20, 20), (40, 30)], sources.Sizes);
        CropBox[] boxes = [new(0, 0, 40, 30), new(5, 5, 15, 15), new(20, 10, 40, 30)];
        bool[] flips = [false, true, false];
        var views = sources.Crop(boxes, flips, "bilinear", 8, 8);
        AssertClose(ResizedCrop.Apply(wide[0..1], [boxes[0]], [false], "bilinear", 8, 8), views[0..1], 0);
        AssertClose(ResizedCrop.Apply(small, [boxes[1]], [true], "bilinear", 8, 8), views[1..2], 0);
        AssertClose(ResizedCrop.Apply(wide[1..2], [boxes[2]], [false], "bilinear", 8, 8), views[2..3], 0);
    }

    [Fact]
    public void Read_GroupsOriginalsBySize_AndThePipelineReportsBoxesInEachOriginal()
    {
        var images = new[] { (40, 30), (20, 20), (40, 30), (24, 36) }
            .Select((s, i) => Enumerable.Range(0, s.Item1 * s.Item2 * 3).Select(k => (byte)((k + 7 * i) % 251)).ToArray()).ToArray();
        (int, int)[] sizes = [(40, 30), (20, 20), (40, 30), (24, 36)];
        var dataset = new InMemoryImageDataset("mixed", sizes, images, [-1, -1, -1, -1], []);
        using var sources = ViewSources.Read(dataset, [3, 0, 2, 1], CPU);
        Assert.Equal([(24, 36), (40, 30), (40, 30), (20, 20)], sources.Sizes);
        Assert.Equal(3, sources.Groups.Count);
        using var view = ViewPipeline.Apply(sources, 16, 16, CropOnly, new Generator(9));
        Assert.Equal(new long[] { 4, 3, 16, 16 }, view.Images.shape);
        var boxes = Values(view.Boxes);
        for (var k = 0; k < 4; k++)
        {
            var (w, h) = sources.Sizes[k];
            Assert.True(boxes[4 * k + 2] <= w && boxes[4 * k + 3] <= h, $"box {k} [{string.Join(", ", boxes[(4 * k)..(4 * k + 4)])}] lies outside its {w}×{h} original");
        }
    }

    [Fact]
    public void SameSizeOriginals_GiveTheViewsOfThePlainBatchedPipeline()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(6, 32, 4);
        var aug = new ViewAugmentation();
        using var plain = ViewPipeline.Apply(images, aug, new Generator(21));
        using var sources = ViewSources.Single(images);
        using var viaSources = ViewPipeline.Apply(sources, 32, 32, aug, new Generator(21));
        Assert.Equal(Values(plain.Images), Values(viaSources.Images));
        Assert.Equal(Values(plain.Boxes), Values(viaSources.Boxes));
    }

    [Fact]
    public void KolmogorovSmirnov_IsTheLargestGapBetweenTheEmpiricalDistributions()
    {
        Assert.Equal(0, KolmogorovSmirnov.Statistic([1, 2, 2, 3], [3, 2, 1, 2]));
        Assert.Equal(1, KolmogorovSmirnov.Statistic([1, 2, 3], [4, 5, 6]));
        Assert.Equal(0.5, KolmogorovSmirnov.Statistic([1, 2, 3, 4], [3, 4, 5, 6]), 12);
    }
}
