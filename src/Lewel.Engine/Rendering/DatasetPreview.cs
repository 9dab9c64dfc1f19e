using Lewel.Engine.Data;
using SkiaSharp;

namespace Lewel.Engine.Rendering;

/// <summary>A grid of data-set images with their class names underneath and, when the data set has masks, the object
/// mask drawn as an outline on a second copy of each image.</summary>
public static class DatasetPreview
{
    public static byte[] RenderPng(IImageDataset dataset, IReadOnlyList<int> indices, int columns = 8)
    {
        var scale = Math.Max(1, 96 / Math.Max(dataset.Width, dataset.Height));
        int cellW = dataset.Width * scale, cellH = dataset.Height * scale;
        var withMasks = dataset.HasMasks;
        var panelWidth = withMasks ? cellW * 2 + 2 : cellW;
        var layout = GridLayout.ForCount(indices.Count, columns, panelWidth, cellH, padding: 6, captionHeight: 14);
        using var canvas = new ImageCanvas(layout.Width, layout.Height, new SKColor(30, 30, 30));
        var image = new byte[dataset.Height * dataset.Width * 3];
        var mask = new byte[dataset.Height * dataset.Width];
        for (var k = 0; k < indices.Count; k++)
        {
            var index = indices[k];
            dataset.CopyImage(index, image);
            var cell = layout.Cell(k);
            var left = SKRect.Create(cell.Left, cell.Top, cellW, cellH);
            canvas.DrawRgb(image, dataset.Width, dataset.Height, left);
            if (withMasks)
            {
                dataset.CopyMask(index, mask);
                var right = SKRect.Create(cell.Left + cellW + 2, cell.Top, cellW, cellH);
                canvas.DrawRgb(image, dataset.Width, dataset.Height, right);
                canvas.DrawMaskOverlay(mask, dataset.Width, dataset.Height, right, new SKColor(255, 255, 0, 70));
                canvas.DrawMaskOutline(mask, dataset.Width, dataset.Height, right, new SKColor(255, 255, 0), Math.Max(1, scale / 2f));
            }
            var label = dataset.Label(index);
            var caption = label >= 0 && label < dataset.ClassNames.Count ? $"{index}: {dataset.ClassNames[label]}" : $"{index}";
            var origin = layout.CaptionOrigin(k);
            canvas.DrawText(caption, origin.X, origin.Y, 11, SKColors.White);
        }
        return canvas.EncodePng();
    }
}
