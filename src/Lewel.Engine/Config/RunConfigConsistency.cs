using Lewel.Engine.Data;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Config;

/// <summary>Settings that are each valid but together cannot do what the user meant: a warm-up that never ends, probe
/// images past the test split, a data set smaller than a batch. Uses the split sizes a spec implies without opening it
/// (<see cref="DatasetSizes"/>); for image folders and IDX files the same checks run when the data set is opened.</summary>
internal static class RunConfigConsistency
{
    public static void Check(RunConfig config, Action<string, string> fail, Action<string, string> warn)
    {
        var trainImages = DatasetSizes.TrainImages(config.Dataset);
        var testImages = DatasetSizes.TestImages(config.Dataset);
        int? stepsPerEpoch = trainImages / config.BatchSize;
        if (stepsPerEpoch == 0)
        {
            fail("batchSize", $"{config.BatchSize} is more than the {trainImages} training images of {config.Dataset}: not one full batch per epoch");
            return;
        }
        long? totalSteps = config.Steps ?? (long?)config.Epochs * stepsPerEpoch;
        if (config.Steps is null && totalSteps > RunConfigLimits.MaxSteps)
            fail("epochs", $"{config.Epochs} epochs × {stepsPerEpoch} steps per epoch = {totalSteps} steps, above the limit of {RunConfigLimits.MaxSteps} steps");
        CheckWarmup(config, stepsPerEpoch, totalSteps, fail, warn);
        CheckProbes(config, testImages, fail);
        CheckMonitorIntervals(config, totalSteps, warn);
        var runLr = OptimizerFactory.ScaledLearningRate(config);
        if (runLr > 20)
            warn("optimizer.baseLr", config.Optimizer.LrRule == OptimizerIds.AbsoluteLrRule
                ? $"the run's learning rate is {runLr:G3} (lrRule absolute: baseLr as given), far above any recipe's"
                : $"the run's learning rate is {runLr:G3} (baseLr {config.Optimizer.BaseLr} × batchSize {config.BatchSize} / 256): baseLr is per 256 images, not per batch");
    }

    private static void CheckWarmup(RunConfig config, int? stepsPerEpoch, long? totalSteps, Action<string, string> fail, Action<string, string> warn)
    {
        var warmupEpochs = config.Schedule.WarmupEpochs;
        if (warmupEpochs <= 0 || config.Steps is null || stepsPerEpoch is not { } perEpoch) return;
        var warmupSteps = (long)Math.Round(warmupEpochs * perEpoch);
        if (warmupSteps >= config.Steps)
            fail("schedule.warmupEpochs", $"{warmupEpochs} warm-up epochs are {warmupSteps} steps ({perEpoch} steps per epoch), not fewer than the run's " +
                                          $"{config.Steps} steps: the learning rate would never leave warm-up. Lower schedule.warmupEpochs " +
                                          $"(e.g. {Math.Max(0, Math.Floor(config.Steps.Value / 10.0 / perEpoch * 100) / 100)}) or raise steps");
        else if (totalSteps is { } total && warmupSteps * 2 > total)
            warn("schedule.warmupEpochs", $"warm-up takes {warmupSteps} of the run's {total} steps (more than half)");
    }

    private static void CheckProbes(RunConfig config, int? testImages, Action<string, string> fail)
    {
        if (testImages is not { } count) return;
        var probes = config.Monitor.ProbeIndices;
        for (var i = 0; i < probes.Length; i++)
            if (probes[i] >= count)
                fail($"monitor.probeIndices[{i}]", $"{probes[i]} is past the test split of {config.Dataset}, which has {count} images (indices 0–{count - 1})");
    }

    private static void CheckMonitorIntervals(RunConfig config, long? totalSteps, Action<string, string> warn)
    {
        var monitor = config.Monitor;
        if (totalSteps is { } total && monitor.SnapshotEverySteps > total)
            warn("monitor.snapshotEverySteps", $"{monitor.SnapshotEverySteps} is more than the run's {total} steps: maps are snapshotted only before the first step and at the end");
        if (config.Steps is null && config.Epochs is { } epochs && monitor.KnnEveryEpochs > epochs)
            warn("monitor.knnEveryEpochs", $"{monitor.KnnEveryEpochs} is more than the run's {epochs} epochs: the kNN monitor never runs");
    }
}
