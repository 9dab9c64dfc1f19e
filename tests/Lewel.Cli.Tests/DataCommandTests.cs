using Lewel.Engine.Rendering;

namespace Lewel.Cli.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "lewel-data-cli-" + Guid.NewGuid().ToString("N"));

    private CliRunner.Result Lewel(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string> { ["Lewel__DataDir"] = dataDir }, args);

    public void Dispose()
    {
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public void Info_Shapes_PrintsSplitsClassesAndStatistics_AndCachesTheImages()
    {
        var result = Lewel("data", "info", "shapes:size=16,n=50,seed=1,test=20");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("train            50 images  16×16  with object masks", result.Output);
        Assert.Contains("test             20 images", result.Output);
        Assert.Contains("10: disc, square, triangle", result.Output);
        Assert.Single(Directory.GetFiles(Path.Combine(dataDir, "datasets"), "shapes-*.bin"));
    }

    [Fact]
    public void Preview_WritesAGridPngWithMaskPanels()
    {
        var output = Path.Combine(dataDir, "out", "preview.png");
        var result = Lewel("data", "preview", "shapes:size=16,n=40,seed=1,test=10", "--out", output, "--count", "12");
        Assert.True(result.ExitCode == 0, result.Output);
        var rgb = ImageCanvas.DecodeRgb(File.ReadAllBytes(output), out var width, out var height);
        Assert.NotNull(rgb);
        // 8 columns of (image + mask panel) cells of 96 px, 2 rows with captions.
        var layout = GridLayout.ForCount(12, 8, 2 * 96 + 2, 96, 6, 14);
        Assert.Equal((layout.Width, layout.Height), (width, height));
        Assert.True(rgb!.Distinct().Count() > 50, "the preview looks blank");
    }

    [Fact]
    public void AugmentPreview_WritesOriginalsAndBothViews()
    {
        var output = Path.Combine(dataDir, "views.png");
        var result = Lewel("data", "augment-preview", "shapes:size=16,n=40,seed=1,test=10", "--method", "lewel-b", "--out", output, "--count", "4");
        Assert.True(result.ExitCode == 0, result.Output);
        var rgb = ImageCanvas.DecodeRgb(File.ReadAllBytes(output), out var width, out var height);
        var layout = GridLayout.ForCount(12, 6, 128, 128, 6, 15);
        Assert.Equal((layout.Width, layout.Height), (width, height));
        Assert.Contains(rgb!.Chunk(3), p => p[0] == AugmentationPreview.View1Color.Red && p[1] == AugmentationPreview.View1Color.Green && p[2] == AugmentationPreview.View1Color.Blue);
    }

    [Theory]
    [InlineData("shapes:size=abc", "'size=abc'")]
    [InlineData("mnist:/data", "unknown kind 'mnist'")]
    [InlineData("cifar10:/no/such/dir", "'/no/such/dir' is not under a data root")]
    public void Preview_BadSpec_FailsWithTheReason(string spec, string expected)
    {
        var result = Lewel("data", "preview", spec, "--out", Path.Combine(dataDir, "x.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Output);
        Assert.False(File.Exists(Path.Combine(dataDir, "x.png")));
    }

    [Fact]
    public void AugmentPreview_UnknownMethod_NamesIt()
    {
        var result = Lewel("data", "augment-preview", "shapes:n=20", "--method", "simclr", "--out", Path.Combine(dataDir, "x.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'simclr' is not a method", result.Output);
    }

    [Fact]
    public void Help_ListsTheDataVerbs()
    {
        var result = Lewel("data", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("preview", result.Output);
        Assert.Contains("augment-preview", result.Output);
        Assert.Contains("info", result.Output);
    }
}
