using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Methods;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>Training parts built from the fakes: in-memory data, <see cref="TinyMethod"/>, SGD with momentum, cosine
/// schedules and flipped/cropped probe views.</summary>
internal static class FakeParts
{
    public const int ImageSize = 16;

    public static RunConfig Config(int steps = 6, int batchSize = 8, long seed = 1) => new()
    {
        Method = "tiny",
        Dataset = "in-memory",
        ImageSize = ImageSize,
        Steps = steps,
        Epochs = null,
        BatchSize = batchSize,
        Seed = seed,
        Device = "cpu",
        Optimizer = new OptimizerConfig { Name = "sgd", BaseLr = 0.05, WeightDecay = 1e-4, Momentum = 0.9 },
        Monitor = new MonitorConfig
        {
            KnnEveryEpochs = 0,
            ProbeIndices = [0, 1],
            SnapshotEverySteps = 0,
            CheckpointEverySteps = 2,
            HealthEverySteps = 2,
        },
    };

    public static TrainingParts Create(Func<Device, IPretrainMethod>? method = null, int trainCount = 32, int testCount = 8) => new()
    {
        ResolveConfig = config => config.BatchSize > 0
            ? config
            : throw new ConfigException([new ConfigError("batchSize", $"must be positive, got {config.BatchSize}")]),
        OpenDataset = config => InMemoryDataset.Splits(trainCount, testCount, ImageSize, (int)config.Seed),
        CreateMethod = (_, device) => method?.Invoke(device) ?? new TinyMethod(device),
        CreateBatches = (config, data, device) => new FakeBatchSource(data.Train, config.BatchSize, config.Seed, device, data.Mean, data.Std),
        CreateOptimizer = (config, m) => optim.SGD(m.TrainableParameters().Select(p => p.Parameter), config.Optimizer.BaseLr,
            momentum: config.Optimizer.Momentum, weight_decay: config.Optimizer.WeightDecay),
        LearningRateSchedule = (config, _, total) => t => config.Optimizer.BaseLr * 0.5 * (1 + Math.Cos(Math.PI * t / total)),
        MomentumSchedule = (config, _, total) => t => 1 - (1 - config.Target.BaseMomentum) * (Math.Cos(Math.PI * t / total) + 1) / 2,
        CreateProbes = Probes,
    };

    /// <summary>View 1 is the mirrored image, view 2 the centre half scaled back up.</summary>
    private static IReadOnlyList<ProbeImage> Probes(RunConfig config, DatasetSplits data, Device device)
    {
        var test = data.Test;
        var probes = new List<ProbeImage>();
        foreach (var index in config.Monitor.ProbeIndices)
        {
            using var scope = NewDisposeScope();
            var original = ImageTensors.Load(test, [index], data.Mean, data.Std);
            var view1 = original.flip(3);
            var quarter = test.Width / 4;
            var view2 = nn.functional.interpolate(original.narrow(2, quarter, 2 * quarter).narrow(3, quarter, 2 * quarter),
                [test.Height, test.Width], mode: InterpolationMode.Nearest);
            var pixels = new byte[test.Height * test.Width * 3];
            test.CopyImage(index, pixels);
            probes.Add(new ProbeImage(index, new RgbImage(test.Width, test.Height, pixels), original.to(device).DetachFromDisposeScope(),
                Rgb(view1, data), view1.to(device).DetachFromDisposeScope(), [0, 0, test.Width, test.Height], true,
                Rgb(view2, data), view2.to(device).DetachFromDisposeScope(), [quarter, quarter, 3 * quarter, 3 * quarter], false));
        }
        return probes;
    }

    private static RgbImage Rgb(Tensor normalised, DatasetSplits data)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(data.Mean.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
        var std = tensor(data.Std.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
        var bytes = ((normalised * std + mean) * 255).clamp(0, 255).round().to(ScalarType.Byte)[0].permute(1, 2, 0).contiguous();
        return new RgbImage((int)normalised.shape[3], (int)normalised.shape[2], bytes.data<byte>().ToArray());
    }
}
