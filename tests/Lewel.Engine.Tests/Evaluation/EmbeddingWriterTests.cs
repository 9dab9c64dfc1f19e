using System.Text.Json;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation.Embeddings;
using Lewel.Engine.Rendering;
using Lewel.Engine.Tests.Training;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public class EmbeddingWriterTests
{
    [Fact]
    public void ImagesOfDifferingSizes_GetThumbnails_EachShrunkFromItsOwnPixels()
    {
        // A 64×32 red image and a 20×20 blue one: each thumbnail must show its own image, not bytes of the other's size.
        (int Width, int Height)[] sizes = [(64, 32), (20, 20), (48, 48)];
        byte[][] images = [.. sizes.Select((s, i) => Filled(s.Width * s.Height, i == 0 ? [220, 20, 20] : i == 1 ? [20, 20, 220] : [20, 200, 20]))];
        var data = new InMemoryImageDataset("mixed sizes", sizes, images, [0, 1, 2], ["red", "blue", "green"]);
        using var root = new TempRunRoot();
        using var bank = randn(3, 8);

        var projection = EmbeddingWriter.Write(root.Path, bank, data, step: 4, epoch: 0);

        Assert.Equal(["red", "blue", "green"], projection.ClassNames);
        var folder = Path.Combine(root.Path, EmbeddingFiles.Folder);
        var layout = JsonSerializer.Deserialize<ThumbnailLayout>(File.ReadAllText(Path.Combine(folder, EmbeddingFiles.ThumbnailsLayoutFile)), EmbeddingFiles.Json)!;
        Assert.Equal((32, 2, 3), (layout.Tile, layout.Columns, layout.Count)); // the tile is capped at 32 px
        var grid = ImageCanvas.DecodeRgb(File.ReadAllBytes(Path.Combine(folder, EmbeddingFiles.ThumbnailsFile)), out var width, out _)!;
        int[] Centre(int tile) => [.. Enumerable.Range(0, 3).Select(c => (int)grid[((tile / 2 * 32 + 16) * width + tile % 2 * 32 + 16) * 3 + c])];
        Assert.True(Centre(0)[0] > 180 && Centre(0)[2] < 60, $"tile 0 is not red: {string.Join(",", Centre(0))}");
        Assert.True(Centre(1)[2] > 180 && Centre(1)[0] < 60, $"tile 1 is not blue: {string.Join(",", Centre(1))}");
        Assert.True(Centre(2)[1] > 160 && Centre(2)[0] < 60, $"tile 2 is not green: {string.Join(",", Centre(2))}");
    }

    [Fact]
    public void AProjectionWrittenBeforeClassNamesWereKept_ReadsWithNone()
    {
        using var root = new TempRunRoot();
        Directory.CreateDirectory(Path.Combine(root.Path, EmbeddingFiles.Folder));
        File.WriteAllText(Path.Combine(root.Path, EmbeddingFiles.FileFor(2)),
            """{"step":2,"epoch":0,"indices":[0,1,2],"labels":[0,1,0],"x":[0,1,2],"y":[1,0,2],"explainedVariance":[0.5,0.3]}""");
        var projection = EmbeddingFiles.Read(root.Path, 2);
        Assert.NotNull(projection);
        Assert.Empty(projection.ClassNames);
        Assert.Equal([0, 1, 0], projection.Labels);
    }

    private static byte[] Filled(int pixels, byte[] rgb) => [.. Enumerable.Range(0, pixels * 3).Select(i => rgb[i % 3])];
}
