namespace Lewel.Cli.Tests;

/// <summary>A run directory made by <c>lewel pretrain</c>: a tiny LEWEL_B (ResNet-18 width 1/16, 16 px shapes with masks,
/// K = 16, M = 4) trained for two epochs, plus a 16 px probe image; shared by the eval, maps and export tests.</summary>
public sealed class TinyLewelRun : IDisposable
{
    public const string Dataset = "shapes:size=16,n=96,seed=3,test=48";

    public TinyLewelRun()
    {
        var result = CliRunner.Run(Environment, "pretrain", "--method", "lewel-b", "--dataset", Dataset, "--backbone", "resnet18",
            "--width", "0.0625", "--image-size", "16", "--epochs", "2", "--batch-size", "16", "--device", "cpu", "--seed", "5", "--threads", "1",
            "--set", "stemPadding=1", "--set", "heads.projectorHidden=32", "--set", "heads.predictorHidden=32", "--set", "heads.dim=16",
            "--set", "lewel.numHeads=4", "--set", "schedule.warmupEpochs=0", "--out", Root);
        if (result.ExitCode != 0) throw new InvalidOperationException($"lewel pretrain failed ({result.ExitCode}):\n{result.Output}");
        WriteProbe(Probe);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "lewel-cli-run-" + Guid.NewGuid().ToString("N"));
    public string Probe => Path.Combine(Root, "probe.png");
    public string DataDir => Path.Combine(Root, "data");
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["Lewel__DataDir"] = DataDir };

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void WriteProbe(string path)
    {
        var rgb = new byte[16 * 16 * 3];
        for (var i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 37 % 251);
        using var bitmap = Lewel.Engine.Rendering.ImageCanvas.BitmapFromRgb(rgb, 16, 16);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = System.IO.File.Create(path);
        data.SaveTo(file);
    }
}
