using Lewel.Engine.Checkpoints;
using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using System.Text.Json;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation.Embeddings;

/// <summary>Writes the 2-D PCA of a kNN bank at a monitor point into the run directory (<see cref="EmbeddingFiles"/>),
/// its axes' signs matched to the previous monitor point's, and the thumbnails of the kept images once per run.</summary>
public static class EmbeddingWriter
{
    /// <summary>Side of a thumbnail tile in pixels (smaller images keep their size).</summary>
    public const int MaxTile = 32;

    public static EmbeddingProjection Write(string runRoot, Tensor bank, IImageDataset train, int step, int epoch)
    {
        var rows = EmbeddingProjection.KeptRows((int)bank.shape[0]);
        var labels = rows.Select(train.Label).ToArray();
        var previous = EmbeddingFiles.Steps(runRoot).Where(s => s < step).Select(s => EmbeddingFiles.Read(runRoot, s)).LastOrDefault(p => p is not null);
        var projection = EmbeddingProjection.Compute(bank, rows, labels, step, epoch).AlignedTo(previous) with { ClassNames = [.. train.ClassNames] };
        Directory.CreateDirectory(Path.Combine(runRoot, EmbeddingFiles.Folder));
        AtomicFile.WriteAllText(Path.Combine(runRoot, EmbeddingFiles.FileFor(step)), JsonSerializer.Serialize(projection, EmbeddingFiles.Json));
        if (!File.Exists(Path.Combine(runRoot, EmbeddingFiles.Folder, EmbeddingFiles.ThumbnailsFile)))
            WriteThumbnails(runRoot, train, rows);
        return projection;
    }

    private static void WriteThumbnails(string runRoot, IImageDataset train, int[] rows)
    {
        var tile = Math.Min(MaxTile, Math.Max(train.Width, train.Height));
        var columns = (int)Math.Ceiling(Math.Sqrt(rows.Length));
        var lines = (rows.Length + columns - 1) / columns;
        using var canvas = new ImageCanvas(columns * tile, lines * tile);
        for (var i = 0; i < rows.Length; i++)
        {
            // Images of differing sizes (a folder's originals) are each cropped to a centred square before shrinking.
            var (width, height) = train.SizeOf(rows[i]);
            var pixels = new byte[width * height * 3];
            train.CopyImage(rows[i], pixels);
            var small = width == tile && height == tile ? pixels
                : width == height ? Bilinear.Resize(new RgbImage(width, height, pixels), tile, tile).Pixels
                : ImageResizing.ResizeAndCrop(pixels, width, height, tile);
            canvas.DrawRgb(small, tile, tile, SkiaSharp.SKRect.Create(i % columns * tile, i / columns * tile, tile, tile));
        }
        var folder = Path.Combine(runRoot, EmbeddingFiles.Folder);
        var png = canvas.EncodePng();
        AtomicFile.Write(Path.Combine(folder, EmbeddingFiles.ThumbnailsFile), stream => stream.Write(png));
        AtomicFile.WriteAllText(Path.Combine(folder, EmbeddingFiles.ThumbnailsLayoutFile),
            JsonSerializer.Serialize(new ThumbnailLayout(tile, columns, rows.Length), EmbeddingFiles.Json));
    }
}
