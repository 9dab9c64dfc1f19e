using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Training;
using TorchSharp;

namespace Lewel.Engine.Tests.Training.Fakes;

/// <summary>The standard training parts with two fakes swapped in: an in-memory data set and <see cref="TinyMethod"/>
/// (the configuration names lewel-b so that it validates; the tiny method stands in for it). Loader, augmentation,
/// optimiser, schedules and probe views are the real ones.</summary>
internal static class FakeParts
{
    public const int ImageSize = 16;

    public static RunConfig Config(int steps = 6, int batchSize = 8, long seed = 1) => new()
    {
        Method = MethodIds.LewelB,
        Dataset = "in-memory",
        ImageSize = ImageSize,
        Steps = steps,
        Epochs = null,
        BatchSize = batchSize,
        Seed = seed,
        Device = "cpu",
        // 1.6 × batch 8 / 256 = 0.05, the learning rate of the first step.
        Optimizer = new OptimizerConfig { Name = "sgd", BaseLr = 1.6, WeightDecay = 1e-4, Momentum = 0.9 },
        Schedule = new ScheduleConfig { WarmupEpochs = 0, WarmupStartLr = 0, CosinePerStep = true },
        Monitor = new MonitorConfig
        {
            KnnEveryEpochs = 0,
            ProbeIndices = [0, 1],
            SnapshotEverySteps = 0,
            CheckpointEverySteps = 2,
            HealthEverySteps = 2,
        },
    };

    public static TrainingParts Create(Func<torch.Device, IPretrainMethod>? method = null, int trainCount = 32, int testCount = 8) =>
        StandardParts.Create() with
        {
            OpenDataset = config => InMemoryDataset.Splits(trainCount, testCount, ImageSize, (int)config.Seed),
            CreateMethod = (_, device) => method?.Invoke(device) ?? new TinyMethod(device),
        };
}
