using System.Globalization;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The architecture of a ResNet backbone as torchvision names its weights: depth, block type, channel widths
/// and stem. <see cref="Infer"/> reads it back from a state dict's shapes and names every key that does not fit.</summary>
public sealed record ResNetSpec(int Depth, int StemChannels, int[] StagePlanes, string Stem, int StemPadding)
{
    public const string ImageNetStem = "imagenet";
    public const string SmallStem = "small";

    private static readonly Dictionary<int, (bool Bottleneck, int[] Blocks)> Depths = new()
    {
        [18] = (false, [2, 2, 2, 2]),
        [34] = (false, [3, 4, 6, 3]),
        [50] = (true, [3, 4, 6, 3]),
        [101] = (true, [3, 4, 23, 3]),
        [152] = (true, [3, 8, 36, 3]),
    };

    public bool Bottleneck => Depths[Depth].Bottleneck;
    public int[] Blocks => Depths[Depth].Blocks;
    public int Expansion => Bottleneck ? 4 : 1;
    /// <summary>C, the channels of the last stage (512 for ResNet-18, 2048 for ResNet-50 at width 1).</summary>
    public int OutChannels => StagePlanes[3] * Expansion;
    /// <summary>The width multiplier relative to torchvision (64 stem channels = 1).</summary>
    public double Width => StemChannels / 64.0;
    public string Backbone => $"resnet{Depth}";
    /// <summary>True when torchvision's resnetNN() accepts these weights unchanged.</summary>
    public bool IsTorchvisionCompatible => Stem == ImageNetStem && StemChannels == 64 &&
        StagePlanes.SequenceEqual([64, 128, 256, 512]);

    /// <summary>A spec for a width multiplier, with channels rounded as <c>max(1, round(base × width))</c>.</summary>
    public static ResNetSpec For(int depth, double width, string stem, int stemPadding = 1)
    {
        if (!Depths.ContainsKey(depth))
            throw new ArgumentException($"backbone depth {depth} is not supported (use 18, 34, 50, 101 or 152)");
        int Scale(int c) => Math.Max(1, (int)Math.Round(c * width));
        return new ResNetSpec(depth, Scale(64), [Scale(64), Scale(128), Scale(256), Scale(512)], stem, stemPadding);
    }

    /// <summary>Every state-dict key torchvision gives this ResNet (without avgpool/fc), with its shape.</summary>
    public IReadOnlyList<(string Key, long[] Shape)> ExpectedShapes()
    {
        var keys = new List<(string, long[])>();
        var kernel = Stem == ImageNetStem ? 7 : 3;
        keys.Add(("conv1.weight", [StemChannels, 3, kernel, kernel]));
        AddBatchNorm(keys, "bn1", StemChannels);
        long inplanes = StemChannels;
        for (var stage = 0; stage < 4; stage++)
        {
            long planes = StagePlanes[stage];
            for (var block = 0; block < Blocks[stage]; block++)
            {
                var prefix = $"layer{stage + 1}.{block}.";
                var stride = block == 0 && stage > 0 ? 2 : 1;
                if (Bottleneck)
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
                var outplanes = planes * Expansion;
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

    /// <summary>Reads depth, widths and stem from a backbone state dict with torchvision names (no prefix). The stem
    /// padding of a 3×3 stem cannot be seen in the weights and is taken from <paramref name="smallStemPadding"/>.
    /// Throws a <see cref="CheckpointException"/> listing missing, unexpected and mis-shaped keys.</summary>
    public static ResNetSpec Infer(IReadOnlyDictionary<string, Tensor> backbone, string source, int smallStemPadding = 1)
    {
        var conv1 = Require(backbone, "conv1.weight", source);
        if (conv1.dim() != 4 || conv1.shape[1] != 3 || conv1.shape[2] != conv1.shape[3] || conv1.shape[2] is not (3 or 7))
            throw new CheckpointException($"{source}: 'conv1.weight' has shape {Shape(conv1.shape)}; a ResNet stem is [C, 3, 7, 7] or [C, 3, 3, 3]");
        var stem = conv1.shape[2] == 7 ? ImageNetStem : SmallStem;
        var bottleneck = backbone.ContainsKey("layer1.0.conv3.weight");
        var blocks = new int[4];
        var planes = new int[4];
        for (var stage = 0; stage < 4; stage++)
        {
            while (backbone.ContainsKey($"layer{stage + 1}.{blocks[stage]}.conv1.weight")) blocks[stage]++;
            if (blocks[stage] == 0) throw new CheckpointException($"{source}: the key 'layer{stage + 1}.0.conv1.weight' is missing (no blocks in stage {stage + 1})");
            planes[stage] = (int)Require(backbone, $"layer{stage + 1}.0.conv1.weight", source).shape[0];
        }
        var depth = Depths.Where(d => d.Value.Bottleneck == bottleneck && d.Value.Blocks.SequenceEqual(blocks)).Select(d => d.Key).FirstOrDefault();
        if (depth == 0)
            throw new CheckpointException($"{source}: {(bottleneck ? "bottleneck" : "basic")} blocks per stage [{string.Join(", ", blocks)}] match no " +
                "supported ResNet (18/34: basic [2,2,2,2]/[3,4,6,3]; 50/101/152: bottleneck [3,4,6,3]/[3,4,23,3]/[3,8,36,3])");
        var spec = new ResNetSpec(depth, (int)conv1.shape[0], planes, stem, stem == SmallStem ? smallStemPadding : 3);
        spec.Check(backbone, source);
        return spec;
    }

    /// <summary>Throws unless <paramref name="backbone"/> has exactly this spec's keys with these shapes.</summary>
    public void Check(IReadOnlyDictionary<string, Tensor> backbone, string source) =>
        ShapeCheck.Exact(backbone, ExpectedShapes(), source, $"a {Describe()}");

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"ResNet-{Depth} (width {Width:0.####}, {Stem} stem{(Stem == SmallStem ? $", padding {StemPadding}" : "")}, C={OutChannels})");

    private static void AddBatchNorm(List<(string, long[])> keys, string prefix, long channels)
    {
        keys.Add((prefix + ".weight", [channels]));
        keys.Add((prefix + ".bias", [channels]));
        keys.Add((prefix + ".running_mean", [channels]));
        keys.Add((prefix + ".running_var", [channels]));
        keys.Add((prefix + ".num_batches_tracked", []));
    }

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> d, string key, string source) =>
        d.TryGetValue(key, out var t) ? t : throw new CheckpointException($"{source}: the key '{key}' is missing");

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
