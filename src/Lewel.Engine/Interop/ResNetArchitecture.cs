using System.Globalization;
using Lewel.Engine.Models.Backbones;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>A ResNet backbone as torchvision names its weights: variant, channel widths and stem.
/// <see cref="Infer"/> reads it back from a state dict's shapes and names every key that does not fit.</summary>
public sealed record ResNetArchitecture(ResNetSpec Spec, int StemChannels, int[] StagePlanes, ResNetStem Stem, int StemPadding)
{
    /// <summary>C, the channels of the last stage (512 for ResNet-18, 2048 for ResNet-50 at width 1).</summary>
    public int OutChannels => StagePlanes[3] * Spec.Expansion;
    /// <summary>The width multiplier relative to torchvision (64 stem channels = 1).</summary>
    public double Width => StemChannels / 64.0;
    public string StemId => Stem == ResNetStem.ImageNet ? ResNetStems.ImageNetId : ResNetStems.SmallId;
    /// <summary>True when torchvision's resnetNN() accepts these weights unchanged.</summary>
    public bool IsTorchvisionCompatible => Stem == ResNetStem.ImageNet && StemChannels == 64 && StagePlanes.SequenceEqual([64, 128, 256, 512]);

    /// <summary>The architecture the engine's <see cref="ResNet"/> builds for these arguments.</summary>
    public static ResNetArchitecture For(ResNetSpec spec, double width, ResNetStem stem, int stemPadding = 1) =>
        new(spec, ResNetSpec.Planes(64, width),
            [ResNetSpec.Planes(64, width), ResNetSpec.Planes(128, width), ResNetSpec.Planes(256, width), ResNetSpec.Planes(512, width)],
            stem, stem == ResNetStem.ImageNet ? 3 : stemPadding);

    /// <summary>Builds the engine's ResNet for this architecture (freshly initialised).</summary>
    public ResNet Create() => new(Spec, Width, Stem, StemPadding);

    /// <summary>Every state-dict key torchvision gives this ResNet (without avgpool/fc), with its shape.</summary>
    public IReadOnlyList<(string Key, long[] Shape)> ExpectedShapes()
    {
        var keys = new List<(string, long[])>();
        var kernel = Stem == ResNetStem.ImageNet ? 7 : 3;
        keys.Add(("conv1.weight", [StemChannels, 3, kernel, kernel]));
        AddBatchNorm(keys, "bn1", StemChannels);
        long inplanes = StemChannels;
        for (var stage = 0; stage < 4; stage++)
        {
            long planes = StagePlanes[stage];
            for (var block = 0; block < Spec.BlocksPerStage[stage]; block++)
            {
                var prefix = $"layer{stage + 1}.{block}.";
                if (Spec.Bottleneck)
                {
                    keys.Add((prefix + "conv1.weight", [planes, inplanes, 1, 1]));
                    AddBatchNorm(keys, prefix + "bn1", planes);
                    keys.Add((prefix + "conv2.weight", [planes, planes, 3, 3]));
                    AddBatchNorm(keys, prefix + "bn2", planes);
                    keys.Add((prefix + "conv3.weight", [planes * 4, planes, 1, 1]));
                    AddBatchNorm(keys, prefix + "bn3", planes * 4);
                }
                else
                {
                    keys.Add((prefix + "conv1.weight", [planes, inplanes, 3, 3]));
                    AddBatchNorm(keys, prefix + "bn1", planes);
                    keys.Add((prefix + "conv2.weight", [planes, planes, 3, 3]));
                    AddBatchNorm(keys, prefix + "bn2", planes);
                }
                var outplanes = planes * Spec.Expansion;
                var stride = block == 0 && stage > 0 ? 2 : 1;
                if (block == 0 && (stride != 1 || inplanes != outplanes))
                {
                    keys.Add((prefix + "downsample.0.weight", [outplanes, inplanes, 1, 1]));
                    AddBatchNorm(keys, prefix + "downsample.1", outplanes);
                }
                inplanes = outplanes;
            }
        }
        return keys;
    }

    /// <summary>Reads variant, widths and stem from a backbone state dict with torchvision names (no prefix). The padding
    /// of a 3×3 stem leaves no trace in the weights and is taken from <paramref name="smallStemPadding"/>. Throws a
    /// <see cref="CheckpointException"/> listing missing, unexpected and mis-shaped keys.</summary>
    public static ResNetArchitecture Infer(IReadOnlyDictionary<string, Tensor> backbone, WeightSource source, int smallStemPadding = 1)
    {
        var conv1 = Require(backbone, "conv1.weight", source);
        if (conv1.dim() != 4 || conv1.shape[1] != 3 || conv1.shape[2] != conv1.shape[3] || conv1.shape[2] is not (3 or 7))
            throw source.Error($"'conv1.weight' has shape {ShapeCheck.Format(conv1.shape)}; a ResNet stem is [C, 3, 7, 7] or [C, 3, 3, 3]");
        var stem = conv1.shape[2] == 7 ? ResNetStem.ImageNet : ResNetStem.Small;
        var bottleneck = backbone.ContainsKey("layer1.0.conv3.weight");
        var blocks = new int[4];
        var planes = new int[4];
        for (var stage = 0; stage < 4; stage++)
        {
            while (backbone.ContainsKey($"layer{stage + 1}.{blocks[stage]}.conv1.weight")) blocks[stage]++;
            if (blocks[stage] == 0) throw source.Error($"the key 'layer{stage + 1}.0.conv1.weight' is missing (no blocks in stage {stage + 1})");
            planes[stage] = (int)backbone[$"layer{stage + 1}.0.conv1.weight"].shape[0];
        }
        var spec = ResNetSpec.All.FirstOrDefault(s => s.Bottleneck == bottleneck && s.BlocksPerStage.SequenceEqual(blocks))
            ?? throw source.Error($"{(bottleneck ? "bottleneck" : "basic")} blocks per stage [{string.Join(", ", blocks)}] " +
                $"match no ResNet the engine builds ({string.Join(", ", ResNetSpec.All.Select(s => $"{s.Id}: {(s.Bottleneck ? "bottleneck" : "basic")} [{string.Join(",", s.BlocksPerStage)}]"))})");
        var architecture = new ResNetArchitecture(spec, (int)conv1.shape[0], planes, stem, stem == ResNetStem.Small ? smallStemPadding : 3);
        architecture.Check(backbone, source);
        return architecture;
    }

    /// <summary>Throws unless <paramref name="backbone"/> has exactly this architecture's keys with these shapes.</summary>
    public void Check(IReadOnlyDictionary<string, Tensor> backbone, WeightSource source) =>
        ShapeCheck.Exact(backbone, ExpectedShapes(), source, $"a {Describe()}");

    /// <summary>Throws unless the engine's width multiplier reproduces these channel counts (it rounds base × width).</summary>
    public void CheckBuildable(WeightSource source)
    {
        var built = For(Spec, Width, Stem, StemPadding);
        if (!built.StagePlanes.SequenceEqual(StagePlanes))
            throw source.Error($"stage widths [{string.Join(", ", StagePlanes)}] with a {StemChannels}-channel stem are not " +
                $"those of a uniform width multiplier (width {Width.ToString("0.####", CultureInfo.InvariantCulture)} gives [{string.Join(", ", built.StagePlanes)}])");
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Spec.Id} (width {Width:0.####}, {StemId} stem{(Stem == ResNetStem.Small ? $", padding {StemPadding}" : "")}, C={OutChannels})");

    private static void AddBatchNorm(List<(string, long[])> keys, string prefix, long channels)
    {
        keys.Add((prefix + ".weight", [channels]));
        keys.Add((prefix + ".bias", [channels]));
        keys.Add((prefix + ".running_mean", [channels]));
        keys.Add((prefix + ".running_var", [channels]));
        keys.Add((prefix + ".num_batches_tracked", []));
    }

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> d, string key, WeightSource source) =>
        d.TryGetValue(key, out var t) ? t : throw source.Error($"the key '{key}' is missing");
}
