using Lewel.Engine.Rendering;
using SkiaSharp;

namespace Lewel.Engine.Tests.Rendering;

public class AlignmentMapRendererTests
{
    private static RgbImage Grey(int size) => new(size, size, Enumerable.Repeat((byte)128, size * size * 3).ToArray());

    /// <summary>K maps on a 4×4 grid: uniform, except map <paramref name="peaked"/> which puts 0.85 on one position.</summary>
    private static MapStack Maps(int count, int peaked = -1)
    {
        var values = Enumerable.Repeat(1f / 16, count * 16).ToArray();
        if (peaked >= 0)
            for (var p = 0; p < 16; p++) values[peaked * 16 + p] = p == 5 ? 0.85f : 0.01f;
        return new MapStack(count, 4, 4, values);
    }

    [Fact]
    public void DisplayUnits_FixedRange_PutsAUniformMapAtOneThirdOfZeroToThree()
    {
        var renderer = new AlignmentMapRenderer();
        Assert.All(renderer.DisplayUnits(Maps(1).Map(0)), v => Assert.Equal(1f / 3, v, 6));
    }

    [Fact]
    public void DisplayUnits_PerMapMinMax_StretchesToZeroOne()
    {
        var renderer = new AlignmentMapRenderer(new MapRenderOptions { Scaling = MapScaling.PerMapMinMax });
        var units = renderer.DisplayUnits(Maps(1, peaked: 0).Map(0));
        Assert.Equal(0f, units.Min());
        Assert.Equal(1f, units.Max());
        Assert.Equal(1f, units[5]);
    }

    [Fact]
    public void Overlay_BlendsColourAndImageByAlpha()
    {
        var map = Maps(1).Map(0).ToArray();
        var opaque = new AlignmentMapRenderer(new MapRenderOptions { Alpha = 1, PanelSize = 16 }).Overlay(Grey(8), map, 4, 4);
        var clear = new AlignmentMapRenderer(new MapRenderOptions { Alpha = 0, PanelSize = 16 }).Overlay(Grey(8), map, 4, 4);
        var half = new AlignmentMapRenderer(new MapRenderOptions { Alpha = 0.5, PanelSize = 16 }).Overlay(Grey(8), map, 4, 4);

        var (r, g, b) = Colormap.At(1.0 / 3);
        Assert.Equal(new byte[] { r, g, b }, opaque.Pixels[..3]);
        Assert.All(clear.Pixels, v => Assert.Equal(128, v));
        Assert.Equal((byte)Math.Round((128 + r) / 2.0), half.Pixels[0]);
    }

    [Fact]
    public void RenderHeadPng_WithMostPeakedSlots_AddsARowPerSlot()
    {
        var panels = new[] { new MapPanel("original", Grey(8), Maps(8, peaked: 6)), new MapPanel("view 1", Grey(8), Maps(8, peaked: 6)) };
        using var meanOnly = SKBitmap.Decode(new AlignmentMapRenderer().RenderHeadPng(panels, head: 1, numHeads: 2));
        using var withSlots = SKBitmap.Decode(new AlignmentMapRenderer(new MapRenderOptions { MostPeakedPerHead = 2 }).RenderHeadPng(panels, 1, 2));

        Assert.Equal(meanOnly.Width, withSlots.Width);
        Assert.Equal(2 * (128 + 15 + 6), withSlots.Height - meanOnly.Height);
        Assert.True(meanOnly.Width > 2 * 128);
    }

    [Fact]
    public void MostPeakedSlots_PicksTheLowestEntropyMapsOfTheHead()
    {
        var renderer = new AlignmentMapRenderer(new MapRenderOptions { MostPeakedPerHead = 1 });
        var panels = new[] { new MapPanel("a", Grey(8), Maps(8, peaked: 6)) };
        Assert.Equal([2], renderer.MostPeakedSlots(panels, first: 4, perHead: 4));
        Assert.Equal([0], renderer.MostPeakedSlots(panels, first: 0, perHead: 4)); // all uniform: lowest index
    }

    [Fact]
    public void RenderHeadPng_MapsThatDoNotSplitIntoHeads_AreRejected()
    {
        var panels = new[] { new MapPanel("a", Grey(8), Maps(6)) };
        var error = Assert.Throws<ArgumentException>(() => new AlignmentMapRenderer().RenderHeadPng(panels, 0, 4));
        Assert.Contains("6 maps cannot be split into 4 heads", error.Message);
    }

    [Fact]
    public void RenderImagePng_DrawsTheBoxInItsColour()
    {
        var png = new AlignmentMapRenderer(new MapRenderOptions { PanelSize = 64 })
            .RenderImagePng(Grey(16), "probe", [new ImageBox([0, 0, 8, 8], 255, 0, 0, "1")]);
        using var bitmap = SKBitmap.Decode(png);
        var found = Enumerable.Range(0, bitmap.Width).Any(x => Enumerable.Range(0, bitmap.Height)
            .Any(y => bitmap.GetPixel(x, y) is { Red: > 200, Green: < 60, Blue: < 60 }));
        Assert.True(found, "no red box pixel in the rendered image");
    }

    [Theory]
    [InlineData(3, 3, 128, 0.5)]
    [InlineData(0, 3, 8, 0.5)]
    [InlineData(0, 3, 128, 1.5)]
    public void Options_OutOfRange_AreRejected(double min, double max, int panel, double alpha)
    {
        Assert.Throws<ArgumentException>(() => new AlignmentMapRenderer(new MapRenderOptions { RangeMin = min, RangeMax = max, PanelSize = panel, Alpha = alpha }));
    }
}
