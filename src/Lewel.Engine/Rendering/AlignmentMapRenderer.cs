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
    private static readonly SKColor Dim = new(90, 90, 90);

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
        var width = Math.Max(Margin + panels.Count * (size + Margin) + LegendWidth, TextWidth(title) + 2 * Margin);
        var height = HeaderHeight + (1 + slots.Count) * (CaptionHeight + size + Margin) + Margin;

        using var canvas = new ImageCanvas(width, height);
        Text(canvas, title, Margin, 3);
        for (var c = 0; c < panels.Count; c++)
        {
            var x = Margin + c * (size + Margin);
            Text(canvas, panels[c].Title, x, HeaderHeight - TextSize - 5);
            var y = HeaderHeight;
            Text(canvas, $"mean of {perHead}", x, y + 1, Dim);
            Draw(canvas, Overlay(panels[c].Image, panels[c].Maps.Mean(first, perHead), maps.Height, maps.Width), x, y + CaptionHeight);
            foreach (var slot in slots)
            {
                y += CaptionHeight + size + Margin;
                var k = first + slot;
                var ratio = panels[c].Maps.Entropy(k) / Math.Log(maps.Positions);
                Text(canvas, string.Create(CultureInfo.InvariantCulture, $"slot {slot} · H/logP {ratio:0.000}"), x, y + 1, Dim);
                Draw(canvas, Overlay(panels[c].Image, panels[c].Maps.Map(k).ToArray(), maps.Height, maps.Width), x, y + CaptionHeight);
            }
        }
        DrawLegend(canvas, Margin + panels.Count * (size + Margin), HeaderHeight + CaptionHeight);
        return canvas.EncodePng();
    }

    /// <summary>The image at panel size, with optional boxes and a caption above it.</summary>
    public byte[] RenderImagePng(RgbImage image, string caption, IReadOnlyList<ImageBox>? boxes = null)
    {
        var size = Options.PanelSize;
        using var canvas = new ImageCanvas(size + 2 * Margin, CaptionHeight + size + 2 * Margin);
        Text(canvas, caption, Margin, 3);
        var top = CaptionHeight + Margin;
        Draw(canvas, Bilinear.Resize(image, size, size), Margin, top);
        float sx = (float)size / image.Width, sy = (float)size / image.Height;
        foreach (var box in boxes ?? [])
        {
            var colour = new SKColor(box.R, box.G, box.B);
            canvas.DrawRectangle(new SKRect(Margin + box.X0 * sx, top + box.Y0 * sy, Margin + box.X1 * sx, top + box.Y1 * sy), colour, 2);
            Text(canvas, box.Label, Margin + box.X0 * sx + 3, top + box.Y0 * sy + 2, colour);
        }
        return canvas.EncodePng();
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

    private void DrawLegend(ImageCanvas canvas, int x, int y)
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
        Draw(canvas, new RgbImage(LegendBarWidth, size, bar), x, y);
        var labelX = x + LegendBarWidth + 4;
        var (top, bottom) = Options.Scaling == MapScaling.Fixed
            ? (Format(Options.RangeMax), Format(Options.RangeMin))
            : ("max", "min");
        Text(canvas, top, labelX, y);
        Text(canvas, bottom, labelX, y + size - TextSize);
        if (Options.Scaling == MapScaling.Fixed && Options.RangeMin < 1 && Options.RangeMax > 1)
        {
            var at = y + (float)((Options.RangeMax - 1) / (Options.RangeMax - Options.RangeMin)) * size;
            canvas.DrawLine(new SKPoint(x, at), new SKPoint(x + LegendBarWidth + 2, at), SKColors.Black);
            Text(canvas, "1 = uniform", labelX, at - TextSize / 2, Dim);
        }
    }

    private static void Draw(ImageCanvas canvas, RgbImage image, float x, float y) =>
        canvas.DrawRgb(image.Pixels, image.Width, image.Height, SKRect.Create(x, y, image.Width, image.Height));

    private static void Text(ImageCanvas canvas, string text, float x, float top, SKColor? colour = null) =>
        canvas.DrawText(text, x, top, TextSize, colour ?? SKColors.Black);

    private static int TextWidth(string text)
    {
        using var font = new SKFont(SKTypeface.Default, TextSize);
        return (int)Math.Ceiling(font.MeasureText(text));
    }

    private static string Format(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);
}
