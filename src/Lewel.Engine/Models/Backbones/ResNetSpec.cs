namespace Lewel.Engine.Models.Backbones;

/// <summary>The shape of a ResNet variant: block type, blocks per stage and the channel widths a width multiplier
/// gives. Pure arithmetic, usable before any tensor exists (validation, UI).</summary>
public sealed record ResNetSpec(string Id, bool Bottleneck, int[] BlocksPerStage)
{
    public static readonly ResNetSpec ResNet18 = new("resnet18", false, [2, 2, 2, 2]);
    public static readonly ResNetSpec ResNet34 = new("resnet34", false, [3, 4, 6, 3]);
    public static readonly ResNetSpec ResNet50 = new("resnet50", true, [3, 4, 6, 3]);
    public static readonly IReadOnlyList<ResNetSpec> All = [ResNet18, ResNet34, ResNet50];
    public static IReadOnlyList<string> Ids => All.Select(s => s.Id).ToArray();

    public int Expansion => Bottleneck ? 4 : 1;

    public static ResNetSpec? Find(string? id) => All.FirstOrDefault(s => s.Id == id);

    public static ResNetSpec Get(string id) => Find(id)
        ?? throw new ArgumentException($"Unknown backbone '{id}': expected one of {string.Join(", ", Ids)}.", nameof(id));

    /// <summary>round(base·width), at least 1: the stem has Planes(64), stage i has Planes(64·2^i) planes.</summary>
    public static int Planes(int baseChannels, double width) =>
        Math.Max(1, (int)Math.Round(baseChannels * width, MidpointRounding.AwayFromZero));

    /// <summary>C, the channels of the last stage's map: planes of stage 4 times the block expansion.</summary>
    public int OutChannels(double width) => Planes(512, width) * Expansion;

    /// <summary>Side of the last stage's map for a square input of <paramref name="imageSize"/> pixels
    /// (0 or less when the input is too small to reach the last stage).</summary>
    public static int FinalMapSize(int imageSize, ResNetStem stem, int stemPadding)
    {
        var size = stem == ResNetStem.ImageNet
            ? ConvOut(ConvOut(imageSize, kernel: 7, stride: 2, padding: 3), kernel: 3, stride: 2, padding: 1)
            : ConvOut(imageSize, kernel: 3, stride: 1, padding: stemPadding);
        for (var stage = 1; stage < 4; stage++)
            size = ConvOut(size, kernel: 3, stride: 2, padding: 1);
        return size;
    }

    /// <summary>Output side of a square convolution or pooling layer (0 or less stays 0).</summary>
    public static int ConvOut(int size, int kernel, int stride, int padding) =>
        size <= 0 ? 0 : (size + 2 * padding - kernel) / stride + 1;
}
