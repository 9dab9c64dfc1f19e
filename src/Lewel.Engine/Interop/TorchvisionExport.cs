using System.Globalization;
using Lewel.Engine.Models.Backbones;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>What <see cref="TorchvisionExport.Write"/> wrote and what a PyTorch user has to do to load it.</summary>
public sealed record ExportReport(string Path, StateDictFormat Format, int Tensors, long Bytes, string Architecture,
    bool LoadsIntoTorchvision, IReadOnlyList<string> Instructions);

/// <summary>Writes a checkpoint's online backbone with torchvision's key names (no <c>fc</c>), as safetensors or as a
/// <c>torch.save</c> zip pickle. At width 1 with the ImageNet stem, <c>torchvision.models.resnetNN()</c> loads it with
/// <c>strict=False</c> (only <c>fc.weight</c>/<c>fc.bias</c> stay missing); otherwise the report says what to change.</summary>
public static class TorchvisionExport
{
    public static ExportReport Write(CheckpointModel model, string path)
    {
        var format = StateDictFile.FormatForExtension(path);
        var state = model.Backbone.state_dict();
        StateDictFile.Write(path, state, format);
        var architecture = model.BackboneArchitecture;
        return new ExportReport(path, format, state.Count, new FileInfo(path).Length, architecture.Describe(),
            architecture.IsTorchvisionCompatible, Instructions(architecture, format));
    }

    private static IReadOnlyList<string> Instructions(ResNetArchitecture a, StateDictFormat format)
    {
        var load = format == StateDictFormat.Safetensors
            ? "state = safetensors.torch.load_file(path)"
            : "state = torch.load(path, map_location='cpu')";
        var lines = new List<string> { load };
        if (a.IsTorchvisionCompatible)
        {
            lines.Add($"model = torchvision.models.{a.Spec.Id}(); model.load_state_dict(state, strict=False)  # only fc.* is missing");
            return lines;
        }
        if (a.StagePlanes.SequenceEqual([64, 128, 256, 512]))
            lines.Add($"model = torchvision.models.{a.Spec.Id}()");
        else
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"torchvision's {a.Spec.Id} has stage widths [64, 128, 256, 512]; these weights have [{string.Join(", ", a.StagePlanes)}] " +
                $"(width {a.Width:0.####}) and a {a.StemChannels}-channel stem: build the same ResNet with those widths " +
                $"(torchvision's key names are kept) and load with strict=False"));
        if (a.Stem == ResNetStem.Small)
            lines.Add($"small stem: set model.conv1 = nn.Conv2d(3, {a.StemChannels}, 3, 1, {a.StemPadding}, bias=False) and model.maxpool = nn.Identity() before loading");
        return lines;
    }
}
