using Lewel.Engine.Augment;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Rendering;

/// <summary>Shows what the pair loader feeds the networks: for each image, the original with both views' crop boxes
/// (view 1 orange, view 2 cyan) and the two augmented views, de-normalised, framed in their box's colour. Originals of
/// differing sizes are each fitted into their cell.</summary>
public static class AugmentationPreview
{
    public static readonly SKColor View1Color = new(255, 150, 0);
    public static readonly SKColor View2Color = new(0, 200, 255);

    /// <param name="dataset">The originals the views are cut from (<see cref="DatasetSplits.TrainSources"/>).</param>
    /// <param name="seed">Seeds the two views like batch 0 of epoch 0 of a <see cref="PairLoader"/> with this seed.</param>
    /// <param name="viewSize">The side of the views; null: the data set's own size (one for every image).</param>
    public static byte[] RenderPng(IImageDataset dataset, IReadOnlyList<int> indices, AugmentationConfig aug, double[] mean,
        double[] std, long seed, int samplesPerRow = 2, int? viewSize = null)
    {
        if (viewSize is null) ImageTensors.RequireUniformSize(dataset);
        int viewH = viewSize ?? dataset.Height, viewW = viewSize ?? dataset.Width;
        using var scope = NewDisposeScope();
        using var sources = ViewSources.Read(dataset, indices, CPU);
        using var generator1 = new Generator((ulong)PairLoader.ViewSeed(seed, 0, 0, 1));
        using var generator2 = new Generator((ulong)PairLoader.ViewSeed(seed, 0, 0, 2));
        using var view1 = ViewPipeline.Apply(sources, viewH, viewW, aug.View1, generator1, mean, std);
        using var view2 = ViewPipeline.Apply(sources, viewH, viewW, aug.View2, generator2, mean, std);
        var shown1 = Normalization.Denormalize(view1.Images, mean, std);
        var shown2 = Normalization.Denormalize(view2.Images, mean, std);

        int largestW = Math.Max(dataset.Width, viewW), largestH = Math.Max(dataset.Height, viewH);
        var scale = Math.Max(1, 128 / Math.Max(largestW, largestH));
        int cellW = largestW * scale, cellH = largestH * scale;
        var layout = GridLayout.ForCount(indices.Count * 3, 3 * samplesPerRow, cellW, cellH, padding: 6, captionHeight: 15);
        using var canvas = new ImageCanvas(layout.Width, layout.Height, new SKColor(30, 30, 30));
        for (var k = 0; k < indices.Count; k++)
        {
            var (width, height) = dataset.SizeOf(indices[k]);
            var original = new byte[height * width * 3];
            dataset.CopyImage(indices[k], original);
            var cell = layout.Cell(3 * k);
            var fit = Math.Min(cell.Width / width, cell.Height / height);
            canvas.DrawRgb(original, width, height, SKRect.Create(cell.Left, cell.Top, width * fit, height * fit));
            DrawBox(canvas, cell, view1.Parameters.Boxes[k], fit, View1Color);
            DrawBox(canvas, cell, view2.Parameters.Boxes[k], fit, View2Color);
            var label = dataset.Label(indices[k]);
            Caption(canvas, layout, 3 * k, label >= 0 && label < dataset.ClassNames.Count ? $"{indices[k]}: {dataset.ClassNames[label]}" : $"{indices[k]}", SKColors.White);
            DrawView(canvas, layout, 3 * k + 1, ImageTensors.ToRgb(shown1[k]), viewW, viewH, View1Color, Describe("view 1", view1.Parameters, k));
            DrawView(canvas, layout, 3 * k + 2, ImageTensors.ToRgb(shown2[k]), viewW, viewH, View2Color, Describe("view 2", view2.Parameters, k));
        }
        return canvas.EncodePng();
    }

    private static void DrawBox(ImageCanvas canvas, SKRect cell, CropBox box, float scale, SKColor color) =>
        canvas.DrawRectangle(SKRect.Create(cell.Left + (float)box.X0 * scale + 1, cell.Top + (float)box.Y0 * scale + 1,
            (float)box.Width * scale - 2, (float)box.Height * scale - 2), color, 2);

    private static void DrawView(ImageCanvas canvas, GridLayout layout, int index, byte[] rgb, int width, int height, SKColor color, string caption)
    {
        var cell = layout.Cell(index);
        canvas.DrawRgb(rgb, width, height, cell);
        canvas.DrawRectangle(SKRect.Create(cell.Left - 1.5f, cell.Top - 1.5f, cell.Width + 3, cell.Height + 3), color, 2);
        Caption(canvas, layout, index, caption, color);
    }

    /// <summary>A short list of what was applied: flip, jitter, gray, blur σ, solarize.</summary>
    private static string Describe(string name, AugmentationParameters p, int k)
    {
        var parts = new List<string> { name };
        if (p.Flip[k]) parts.Add("flip");
        if (p.Jitter[k]) parts.Add("jit");
        if (p.Grayscale[k]) parts.Add("gray");
        if (p.Blur[k]) parts.Add($"blur{p.BlurSigma[k]:0.0}");
        if (p.Solarize[k]) parts.Add("sol");
        return string.Join(" ", parts);
    }

    private static void Caption(ImageCanvas canvas, GridLayout layout, int index, string text, SKColor color)
    {
        var origin = layout.CaptionOrigin(index);
        canvas.DrawText(text, origin.X, origin.Y + 1, 11, color);
    }
}
