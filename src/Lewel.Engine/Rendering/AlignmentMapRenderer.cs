using System.Globalization;
using SkiaSharp;

namespace Lewel.Engine.Rendering;

/// <summary>
/// Renders alignment maps as PNG heatmaps (lewel-method.md §9). For head m of M, maps k ∈ [m·N, (m+1)·N) with
/// N = K/M; the head summary is their mean. Values are shown as map × P (1.0 = uniform) on a fixed colour range, or
/// stretched per map (<see cref="MapRenderOptions.Scaling"/>), upsampled bilinearly (align_corners = false) and laid
/// over the image with opacity <see cref="MapRenderOptions.Alpha"/>. Every image carries a colour legend that states
/// the range and scaling. Used both by the training snapshots and by <c>lewel maps</c>.
/// </summary>
public sealed class AlignmentMapRenderer
{
    private const int Margin = 6;
    private const int HeaderHeight = 34;
    private const int CaptionHeight = 15;
    private const int LegendWidth = 90;
    private const int LegendBarWidth = 14;
    private const float TextSize = 11;

    public AlignmentMapRenderer(MapRenderOptions? options = null)
    {
        Options = options ?? new MapRenderOptions();
        Options.Validate();
    }

    public MapRenderOptions Options { get; }

    /// <summary>One head over several images: a column per panel; the first row is the head mean, the next rows the
    /// <see cref="MapRenderOptions.MostPeakedPerHead"/> slots with the lowest mean entropy over the panels (the same
    /// slots in every column, so matching slots can be compared across views).</summary>
    public byte[] RenderHeadPng(IReadOnlyList<MapPanel> panels, int head, int numHeads)
    {
        if (panels.Count == 0) throw new ArgumentException("at least one panel is needed", nameof(panels));
        var maps = panels[0].Maps;
        if (numHeads <= 0 || maps.Count % numHeads != 0)
            throw new ArgumentException($"{maps.Count} maps cannot be split into {numHeads} heads", nameof(numHeads));
        if (head < 0 || head >= numHeads) throw new ArgumentOutOfRangeException(nameof(head), $"head {head} is not in 0..{numHeads - 1}");
        foreach (var panel in panels)
            if (panel.Maps.Count != maps.Count || panel.Maps.Positions != maps.Positions)
                throw new ArgumentException($"panel '{panel.Title}' has maps [{panel.Maps.Count}, {panel.Maps.Height}, {panel.Maps.Width}], expected [{maps.Count}, {maps.Height}, {maps.Width}]");

        var perHead = maps.Count / numHeads;
        var first = head * perHead;
        var slots = MostPeakedSlots(panels, first, perHead);
        var size = Options.PanelSize;
        var title = $"head {head} of {numHeads} · {perHead} maps · {Options.ScalingLabel}";
        var width = Math.Max(Margin + panels.Count * (size + Margin) + LegendWidth, Surface.TextWidth(title) + 2 * Margin);
        var height = HeaderHeight + (1 + slots.Count) * (CaptionHeight + size + Margin) + Margin;

        using var surface = new Surface(width, height);
        surface.Text(title, Margin, 13, bold: true);
        for (var c = 0; c < panels.Count; c++)
        {
            var x = Margin + c * (size + Margin);
            surface.Text(panels[c].Title, x, HeaderHeight - 6);
            var y = HeaderHeight;
            surface.Text($"mean of {perHead}", x, y + CaptionHeight - 4, dim: true);
            surface.Image(Overlay(panels[c].Image, panels[c].Maps.Mean(first, perHead), maps.Height, maps.Width), x, y + CaptionHeight);
            foreach (var slot in slots)
            {
                y += CaptionHeight + size + Margin;
                var k = first + slot;
                var ratio = panels[c].Maps.Entropy(k) / Math.Log(maps.Positions);
                surface.Text(string.Create(CultureInfo.InvariantCulture, $"slot {slot} · H/logP {ratio:0.000}"), x, y + CaptionHeight - 4, dim: true);
                surface.Image(Overlay(panels[c].Image, panels[c].Maps.Map(k).ToArray(), maps.Height, maps.Width), x, y + CaptionHeight);
            }
        }
        DrawLegend(surface, Margin + panels.Count * (size + Margin), HeaderHeight + CaptionHeight);
        return surface.EncodePng();
    }

    /// <summary>The image at panel size, with optional boxes and a caption above it.</summary>
    public byte[] RenderImagePng(RgbImage image, string caption, IReadOnlyList<ImageBox>? boxes = null)
    {
        var size = Options.PanelSize;
        using var surface = new Surface(size + 2 * Margin, CaptionHeight + size + 2 * Margin);
        surface.Text(caption, Margin, CaptionHeight);
        var top = CaptionHeight + Margin;
        surface.Image(Bilinear.Resize(image, size, size), Margin, top);
        foreach (var box in boxes ?? [])
        {
            float sx = (float)size / image.Width, sy = (float)size / image.Height;
            surface.Rectangle(Margin + box.X0 * sx, top + box.Y0 * sy, Margin + box.X1 * sx, top + box.Y1 * sy, box.R, box.G, box.B);
            surface.Text(box.Label, Margin + box.X0 * sx + 3, top + box.Y0 * sy + 11, color: new SKColor(box.R, box.G, box.B));
        }
        return surface.EncodePng();
    }

    /// <summary>The heatmap of one [mapHeight, mapWidth] map (probabilities over positions) over the image, both at
    /// panel size.</summary>
    public RgbImage Overlay(RgbImage image, float[] map, int mapHeight, int mapWidth)
    {
        var size = Options.PanelSize;
        var background = Bilinear.Resize(image, size, size);
        var unit = DisplayUnits(map);
        var upsampled = Bilinear.Resize(unit, mapHeight, mapWidth, size, size);
        var pixels = new byte[size * size * 3];
        var alpha = Options.Alpha;
        for (var i = 0; i < upsampled.Length; i++)
        {
            var (r, g, b) = Colormap.At(upsampled[i]);
            pixels[i * 3] = Blend(background.Pixels[i * 3], r, alpha);
            pixels[i * 3 + 1] = Blend(background.Pixels[i * 3 + 1], g, alpha);
            pixels[i * 3 + 2] = Blend(background.Pixels[i * 3 + 2], b, alpha);
        }
        return new RgbImage(size, size, pixels);
    }

    /// <summary>Position in the colour scale (0…1, before clamping) of each map value.</summary>
    public float[] DisplayUnits(ReadOnlySpan<float> map)
    {
        var result = new float[map.Length];
        if (Options.Scaling == MapScaling.Fixed)
        {
            var positions = map.Length;
            var (low, span) = (Options.RangeMin, Options.RangeMax - Options.RangeMin);
            for (var i = 0; i < map.Length; i++) result[i] = (float)((map[i] * positions - low) / span);
        }
        else
        {
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in map) { min = Math.Min(min, v); max = Math.Max(max, v); }
            for (var i = 0; i < map.Length; i++) result[i] = max > min ? (map[i] - min) / (max - min) : 0.5f;
        }
        return result;
    }

    internal List<int> MostPeakedSlots(IReadOnlyList<MapPanel> panels, int first, int perHead)
    {
        var count = Math.Min(Options.MostPeakedPerHead, perHead);
        if (count == 0) return [];
        return Enumerable.Range(0, perHead)
            .OrderBy(slot => panels.Average(p => p.Maps.Entropy(first + slot)))
            .ThenBy(slot => slot)
            .Take(count)
            .ToList();
    }

    private void DrawLegend(Surface surface, int x, int y)
    {
        var size = Options.PanelSize;
        var bar = new byte[LegendBarWidth * size * 3];
        for (var row = 0; row < size; row++)
        {
            var (r, g, b) = Colormap.At(1.0 - (row + 0.5) / size);
            for (var col = 0; col < LegendBarWidth; col++)
            {
                var i = (row * LegendBarWidth + col) * 3;
                (bar[i], bar[i + 1], bar[i + 2]) = (r, g, b);
            }
        }
        surface.Image(new RgbImage(LegendBarWidth, size, bar), x, y);
        var labelX = x + LegendBarWidth + 4;
        if (Options.Scaling == MapScaling.Fixed)
        {
            surface.Text(Format(Options.RangeMax), labelX, y + 9);
            surface.Text(Format(Options.RangeMin), labelX, y + size);
            if (Options.RangeMin < 1 && Options.RangeMax > 1)
            {
                var at = y + (float)((Options.RangeMax - 1) / (Options.RangeMax - Options.RangeMin)) * size;
                surface.Line(x, at, x + LegendBarWidth + 2, at);
                surface.Text("1 = uniform", labelX, at + 4, dim: true);
            }
        }
        else
        {
            surface.Text("max", labelX, y + 9);
            surface.Text("min", labelX, y + size);
        }
    }

    private static string Format(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);

    /// <summary>A white canvas with the few drawing operations the renderer needs.</summary>
    private sealed class Surface : IDisposable
    {
        private readonly SKBitmap bitmap;
        private readonly SKCanvas canvas;
        private readonly SKFont font = new(SKTypeface.Default, TextSize);

        public static int TextWidth(string text)
        {
            using var font = new SKFont(SKTypeface.Default, TextSize) { Embolden = true };
            return (int)Math.Ceiling(font.MeasureText(text));
        }

        public Surface(int width, int height)
        {
            bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.White);
        }

        public void Image(RgbImage image, float x, float y)
        {
            using var tile = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var pixels = tile.GetPixelSpan();
            for (var i = 0; i < image.Width * image.Height; i++)
            {
                pixels[i * 4] = image.Pixels[i * 3];
                pixels[i * 4 + 1] = image.Pixels[i * 3 + 1];
                pixels[i * 4 + 2] = image.Pixels[i * 3 + 2];
                pixels[i * 4 + 3] = 255;
            }
            canvas.DrawBitmap(tile, x, y);
        }

        public void Text(string text, float x, float y, bool bold = false, bool dim = false, SKColor? color = null)
        {
            using var paint = new SKPaint { Color = color ?? (dim ? new SKColor(90, 90, 90) : SKColors.Black), IsAntialias = true };
            font.Embolden = bold;
            canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
        }

        public void Rectangle(float x0, float y0, float x1, float y1, byte r, byte g, byte b)
        {
            using var paint = new SKPaint { Color = new SKColor(r, g, b), Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
            canvas.DrawRect(SKRect.Create(x0, y0, x1 - x0, y1 - y0), paint);
        }

        public void Line(float x0, float y0, float x1, float y1)
        {
            using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = 1 };
            canvas.DrawLine(x0, y0, x1, y1, paint);
        }

        public byte[] EncodePng()
        {
            canvas.Flush();
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }

        public void Dispose()
        {
            font.Dispose();
            canvas.Dispose();
            bitmap.Dispose();
        }
    }
}
