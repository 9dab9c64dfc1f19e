using Lewel.Engine.Rendering;
using Lewel.Engine.Tests.TestSupport;

namespace Lewel.Cli.Tests;

/// <summary>Data sets opened by the CLI: only under the data roots, and every command says which files it skipped.</summary>
public sealed class DataRootsCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "lewel-roots-cli-" + Guid.NewGuid().ToString("N"));

    private CliRunner.Result Lewel(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string> { ["Lewel__DataDir"] = dataDir }, args);

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    [Theory]
    [InlineData("folder:/etc")]
    [InlineData("idx:/etc/passwd")]
    public void DataInfo_OutsideTheRoots_IsRefusedNamingThem(string spec)
    {
        var result = Lewel("data", "info", spec);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not under a data root", result.Output);
        Assert.Contains(dataDir, result.Output);
    }

    [Fact]
    public void DataPreview_And_Pretrain_ReportTheSkippedFiles_AndPretrainPrintsItsWarnings()
    {
        var images = Path.Combine(dataDir, "images");
        WriteFolder(images);

        var preview = Lewel("data", "preview", $"folder:{images}", "--size", "16", "--out", Path.Combine(dataDir, "preview.png"));
        Assert.True(preview.ExitCode == 0, preview.Output);
        Assert.Contains("skipped 2 files: ", preview.Output);
        Assert.Contains("cat/notes.png (not an image (expected PNG, JPEG or WebP))", preview.Output);
        Assert.Contains("dog/bomb.png (20000×20000 is 400 megapixels", preview.Output);

        var runDir = Path.Combine(dataDir, "run");
        var pretrain = Lewel("pretrain", "--method", "byol", "--dataset", $"folder:{images}", "--width", "0.0625", "--image-size", "16",
            "--batch-size", "8", "--steps", "1", "--device", "cpu", "--threads", "1",
            "--set", "heads.projectorHidden=16", "--set", "heads.predictorHidden=16", "--set", "heads.dim=8", "--set", "schedule.warmupEpochs=0",
            "--set", "monitor.knnEveryEpochs=0", "--set", "monitor.probeIndices=[0]", "--set", "monitor.snapshotEverySteps=50", "--out", runDir);
        Assert.True(pretrain.ExitCode == 0, pretrain.Output);
        Assert.Contains("warnings: [monitor.snapshotEverySteps: 50 is more than the run's 1 steps", pretrain.Output);
        var log = File.ReadAllText(Path.Combine(runDir, "log.txt"));
        Assert.Contains("data set: skipped 2 files: ", log);
        Assert.Contains("cat/notes.png (not an image", log);
    }

    private static void WriteFolder(string root)
    {
        foreach (var label in new[] { "cat", "dog" })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            for (var i = 0; i < 10; i++)
            {
                var rgb = new byte[16 * 16 * 3];
                Array.Fill(rgb, (byte)(label == "cat" ? 40 + i * 10 : 200 - i * 10));
                using var bitmap = ImageCanvas.BitmapFromRgb(rgb, 16, 16);
                using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root, label, $"{i}.png"), data.ToArray());
            }
        }
        File.WriteAllBytes(Path.Combine(root, "cat", "notes.png"), HostileImages.NotAnImage());
        File.WriteAllBytes(Path.Combine(root, "dog", "bomb.png"), HostileImages.PngBomb());
    }
}
