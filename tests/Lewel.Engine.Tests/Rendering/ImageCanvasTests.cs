using Lewel.Engine.Rendering;
using SkiaSharp;

namespace Lewel.Engine.Tests.Rendering;

public class ImageCanvasTests
{
    private static byte[] Gradient(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var o = (y * width + x) * 3;
            rgb[o] = (byte)(x * 255 / (width - 1));
            rgb[o + 1] = (byte)(y * 255 / (height - 1));
            rgb[o + 2] = (byte)((x * 7 + y * 13) % 256);
        }
        return rgb;
    }

    [Fact]
    public void BitmapFromRgb_ThenRgbFromBitmap_IsByteExact()
    {
        var rgb = Gradient(13, 7);
        using var bitmap = ImageCanvas.BitmapFromRgb(rgb, 13, 7);
        Assert.Equal(rgb, ImageCanvas.RgbFromBitmap(bitmap));
    }

    [Fact]
    public void EncodePng_OfAnImageDrawnOneToOne_DecodesToTheSamePixels()
    {
        var rgb = Gradient(16, 12);
        using var canvas = new ImageCanvas(16, 12);
        canvas.DrawRgb(rgb, 16, 12, SKRect.Create(0, 0, 16, 12));
        var decoded = ImageCanvas.DecodeRgb(canvas.EncodePng(), out var width, out var height);
        Assert.Equal((16, 12), (width, height));
        Assert.Equal(rgb, decoded);
    }

    [Fact]
    public void DrawRgb_ScaledByFourWithNearest_RepeatsEachPixel()
    {
        var rgb = Gradient(4, 4);
        using var canvas = new ImageCanvas(16, 16);
        canvas.DrawRgb(rgb, 4, 4, SKRect.Create(0, 0, 16, 16));
        var result = canvas.ToRgb();
        for (var y = 0; y < 16; y++)
        for (var x = 0; x < 16; x++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(rgb[((y / 4) * 4 + x / 4) * 3 + c], result[(y * 16 + x) * 3 + c]);
    }

    [Fact]
    public void DrawRectangle_InksTheBorderAndLeavesTheInside()
    {
        using var canvas = new ImageCanvas(20, 20, SKColors.Black);
        canvas.DrawRectangle(SKRect.Create(4.5f, 4.5f, 10, 10), SKColors.Red, 1);
        var rgb = canvas.ToRgb();
        Assert.True(rgb[(4 * 20 + 9) * 3] > 200, "top edge is red");
        Assert.Equal(0, rgb[(9 * 20 + 9) * 3]);
        Assert.Equal(0, rgb[(1 * 20 + 1) * 3]);
    }

    [Fact]
    public void DrawText_PutsInkOnTheCanvas()
    {
        using var canvas = new ImageCanvas(80, 20, SKColors.Black);
        canvas.DrawText("disc 12", 2, 2, 12, SKColors.White);
        Assert.True(canvas.ToRgb().Count(b => b > 128) > 30, "no visible text was drawn");
    }

    [Fact]
    public void DrawMaskOutline_TracesTheMaskBoundaryOnly()
    {
        var mask = new byte[8 * 8];
        for (var y = 2; y < 6; y++) for (var x = 2; x < 6; x++) mask[y * 8 + x] = 1;
        using var canvas = new ImageCanvas(32, 32, SKColors.Black);
        canvas.DrawMaskOutline(mask, 8, 8, SKRect.Create(0, 0, 32, 32), SKColors.White, 1);
        var rgb = canvas.ToRgb();
        Assert.True(rgb[(16 * 32 + 8) * 3] > 100, "left boundary x=8 is drawn");
        Assert.Equal(0, rgb[(16 * 32 + 16) * 3]);
        Assert.Equal(0, rgb[(2 * 32 + 2) * 3]);
    }

    [Fact]
    public void GridLayout_CellsAreInsideTheCanvasAndDoNotOverlap()
    {
        var layout = GridLayout.ForCount(10, 4, 30, 20, padding: 3, captionHeight: 10);
        Assert.Equal((4, 3), (layout.Columns, layout.Rows));
        var cells = Enumerable.Range(0, 10).Select(layout.Cell).ToArray();
        foreach (var cell in cells)
        {
            Assert.True(cell.Left >= 0 && cell.Top >= 0 && cell.Right <= layout.Width && cell.Bottom + 10 <= layout.Height);
        }
        for (var i = 0; i < cells.Length; i++)
        for (var j = i + 1; j < cells.Length; j++)
            Assert.False(cells[i].IntersectsWith(cells[j]), $"cells {i} and {j} overlap");
    }
}
