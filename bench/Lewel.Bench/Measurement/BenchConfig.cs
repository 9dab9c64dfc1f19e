namespace Lewel.Bench.Measurement;

/// <summary>A backbone and batch shape that both the engine and the PyTorch reference are timed at.</summary>
public sealed record BenchConfig(string Name, string Backbone, double Width, int ImageSize, int BatchSize, string Stem = "small")
{
    /// <summary>Configuration (a): ResNet-18 at width 1/4, 32 px, batch 128.</summary>
    public static readonly BenchConfig Narrow = new("r18-w0.25-32px-b128", "resnet18", 0.25, 32, 128);

    /// <summary>Configuration (b): ResNet-18 at full width, 32 px, batch 64.</summary>
    public static readonly BenchConfig Full = new("r18-w1-32px-b64", "resnet18", 1.0, 32, 64);

    public static readonly IReadOnlyList<BenchConfig> Standard = [Narrow, Full];

    /// <summary>The same backbone at another batch size or image size (names follow the same pattern).</summary>
    public BenchConfig With(int? batchSize = null, int? imageSize = null)
    {
        var batch = batchSize ?? BatchSize;
        var size = imageSize ?? ImageSize;
        return this with { Name = $"r18-w{Width:0.##}-{size}px-b{batch}", BatchSize = batch, ImageSize = size };
    }
}
