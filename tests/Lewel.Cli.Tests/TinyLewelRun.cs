using Lewel.Engine.Training.Optim;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Cli.Tests;

/// <summary>A run directory holding one final checkpoint of a tiny LEWEL_B (ResNet-18 width 1/16, 16 px shapes with
/// masks, K = 16, M = 4) trained for two steps, plus a 16 px probe image; shared by the eval, maps and export tests.</summary>
public sealed class TinyLewelRun : IDisposable
{
    public const string Dataset = "shapes:size=16,n=96,seed=3,test=48";

    public TinyLewelRun()
    {
        Directory.CreateDirectory(Root);
        var config = new RunConfig
        {
            Method = MethodIds.LewelB, Dataset = Dataset, Backbone = "resnet18", Width = 0.0625, ImageSize = 16, Stem = "small",
            StemPadding = 1, Epochs = 2, BatchSize = 8, Device = "cpu",
            Heads = new HeadConfig { ProjectorHidden = 32, Dim = 16, PredictorHidden = 32 },
            Lewel = new LewelConfig { NumHeads = 4 },
        };
        manual_seed(5);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        for (var step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            method.Loss(randn(8, 3, 16, 16), randn(8, 3, 16, 16)).Total.backward();
            optimizer.Step();
            method.AfterOptimizerStep(0.99);
        }
        new CheckpointStore(Path.Combine(Root, "checkpoints")).Write(new CheckpointMetadata
        {
            Step = 2, Epoch = 0, BatchInEpoch = 2, TotalSteps = 2, StepsPerEpoch = 12, MethodId = method.Id,
            MethodDescription = method.Description, Optimizer = optimizer.GetType().Name, Final = true, Config = config,
        }, method.Root, optimizer);
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
