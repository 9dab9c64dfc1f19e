using Lewel.Engine.Config;

namespace Lewel.Engine.Tests.TestSupport;

/// <summary>Run configurations small enough for a unit test: ResNet-18 at width 1/16 (C = 32), 16 px images through
/// the small stem (2×2 final map, P = 4), K = 32 with M = 4 (N = 8), batch 8.</summary>
public static class TinyConfigs
{
    public const int ImageSize = 16;
    public const int BatchSize = 8;
    public const int Channels = 32;
    public const int Dim = 32;
    public const int NumHeads = 4;
    public const int Positions = 4;

    public static RunConfig For(string method, string update = "ema") => new()
    {
        Method = method,
        Backbone = "resnet18",
        Width = 0.0625,
        ImageSize = ImageSize,
        Stem = "small",
        StemPadding = 1,
        Epochs = 1,
        BatchSize = BatchSize,
        Device = "cpu",
        Heads = new HeadConfig { ProjectorHidden = 64, Dim = Dim, PredictorHidden = 64 },
        Lewel = new LewelConfig { NumHeads = NumHeads, Scale = 1.0, Alpha = 0.5 },
        Moco = new MocoConfig { QueueSize = 4 * BatchSize, Temperature = 0.2, AlignedQueueSize = 4 * BatchSize * (Dim / NumHeads), BnSplits = 4 },
        Target = new TargetConfig { Update = update, BaseMomentum = 0.99, FinalMomentum = 1.0 },
        Schedule = new ScheduleConfig { WarmupEpochs = 0, WarmupStartLr = 0, CosinePerStep = true },
        Optimizer = MethodIds.IsByolFamily(method)
            ? new OptimizerConfig { Name = "lars", BaseLr = 1.0, WeightDecay = 1e-5, Eta = 0.02, ClipLr = true }
            : new OptimizerConfig { Name = "sgd", BaseLr = 0.3, WeightDecay = 1e-4, ClipLr = false, ExcludeBiasAndNorm = false },
    };

    /// <summary>K = 256 with 512 hidden units and batch 16: cosines between unrelated embeddings concentrate near 0,
    /// so a BYOL-family loss at initialisation is close to 4 (lewel-method.md §10.20).</summary>
    public static RunConfig WithWideHeads(string method) => For(method) with
    {
        BatchSize = 16,
        Heads = new HeadConfig { ProjectorHidden = 512, Dim = 256, PredictorHidden = 512 },
    };

    public static TorchSharp.torch.Tensor Images(int batch = BatchSize) =>
        TorchSharp.torch.randn(batch, 3, ImageSize, ImageSize);
}
