using System.Text.Json;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Interop;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Rendering;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

[Collection(TestSupport.SerialTorchCollection.Name)]
public class TorchvisionExportTests(ITestOutputHelper output)
{
    [Fact]
    public void Export_ResNet18AtWidthOne_LoadsIntoTorchvisionAndGivesTheEngineFeatures()
    {
        using var dir = new TempDirectory();
        manual_seed(11);
        using (var resnet = new ResNet(ResNetSpec.ResNet18, 1.0, ResNetStem.ImageNet))
            EngineCheckpoint.Write(dir.File("run.safetensors"), resnet, null, seed: 12);
        using var model = CheckpointModel.Load(dir.File("run.safetensors"));
        string[] names = ["backbone.safetensors", "backbone.pt"];
        foreach (var name in names)
        {
            var report = TorchvisionExport.Write(model, dir.File(name));
            Assert.True(report.LoadsIntoTorchvision);
            using var written = StateDictFile.Read(dir.File(name));
            Assert.DoesNotContain(written.Keys, k => k.StartsWith("online.") || k.StartsWith("fc."));
        }

        TestImages.WriteNoisePng(dir.File("probe64.png"), 64, 64, seed: 9);
        PythonReference.Run("lewel_reference.py", ["torchvision", "--arch", "resnet18", "--image", dir.File("probe64.png"),
            "--dump", dir.File("tv.json"), "--weights", .. names.Select(dir.File)]);
        var ours = Features(model, dir.File("probe64.png"));
        foreach (var (result, name) in JsonDocument.Parse(File.ReadAllText(dir.File("tv.json"))).RootElement.EnumerateArray().Zip(names))
        {
            Assert.Equal(["fc.bias", "fc.weight"], result.GetProperty("missing_keys").EnumerateArray().Select(k => k.GetString()).Order());
            Assert.Empty(result.GetProperty("unexpected_keys").EnumerateArray());
            var torchvision = result.GetProperty("features").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(512, torchvision.Length);
            var maxDiff = ours.Zip(torchvision, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{name}: max |engine - torchvision| over 512 features = {maxDiff:g3}");
            Assert.True(maxDiff <= 1e-4, $"{name}: max |engine − torchvision| = {maxDiff:g3}");
        }
    }

    [Fact]
    public void Export_ThenImport_GivesIdenticalWeights()
    {
        using var dir = new TempDirectory();
        manual_seed(13);
        using (var resnet = new ResNet(ResNetSpec.ResNet34, 0.0625, ResNetStem.Small, stemPadding: 2))
            EngineCheckpoint.Write(dir.File("run.pt"), resnet, null, seed: 14);
        using var model = CheckpointModel.Load(dir.File("run.pt"), new CheckpointLoadOptions { SmallStemPadding = 2 });
        TorchvisionExport.Write(model, dir.File("export.safetensors"));
        using var back = CheckpointModel.Load(dir.File("export.safetensors"), new CheckpointLoadOptions { SmallStemPadding = 2 });
        Assert.Same(CheckpointLayout.Torchvision, back.Layout);
        var original = model.Backbone.state_dict();
        foreach (var (key, value) in back.Backbone.state_dict())
            Assert.True(value.equal(original[key]).all().item<bool>(), key);
    }

    [Fact]
    public void Export_NarrowSmallStemBackbone_SaysWhatTheUserMustChange()
    {
        using var dir = new TempDirectory();
        using (var resnet = new ResNet(ResNetSpec.ResNet18, 0.25, ResNetStem.Small))
            EngineCheckpoint.Write(dir.File("run.safetensors"), resnet, null, seed: 1);
        using var model = CheckpointModel.Load(dir.File("run.safetensors"));
        var report = TorchvisionExport.Write(model, dir.File("narrow.safetensors"));
        Assert.False(report.LoadsIntoTorchvision);
        Assert.Contains(report.Instructions, i => i.Contains("[16, 32, 64, 128]"));
        Assert.Contains(report.Instructions, i => i.Contains("nn.Conv2d(3, 16, 3, 1, 1, bias=False)") && i.Contains("maxpool = nn.Identity()"));
    }

    private static double[] Features(CheckpointModel model, string png)
    {
        var rgb = ImageCanvas.DecodeRgb(File.ReadAllBytes(png), out var w, out var h)!;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(rgb, [1, h, w, 3]).permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f);
        return model.Backbone.call(InputNormalization.ImageNet.Apply(x)).mean([2, 3])[0].to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
