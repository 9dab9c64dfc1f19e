using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Training.Schedules;

namespace Lewel.Engine.Training;

/// <summary>The engine's own pieces assembled into <see cref="TrainingParts"/>: validation, the data-set catalog, the
/// method factory, the pair loader, the optimiser factory, the warm-up + cosine learning rate, the cosine target
/// momentum and the probe views.</summary>
public static class StandardParts
{
    public static TrainingParts Create(PretrainOptions? options = null)
    {
        options ??= new PretrainOptions();
        return new TrainingParts
        {
            ResolveConfig = config =>
            {
                RunConfigValidator.ThrowIfInvalid(config);
                return config;
            },
            OpenDataset = config => DatasetCatalog.Open(config.Dataset,
                new DatasetOpenOptions
                {
                    CacheDir = options.DatasetCacheDir, ImageSize = config.ImageSize, MaxSourceSide = config.MaxSourceSide, KeepOriginals = true,
                    DataRoots = options.DataRoots,
                }),
            CreateMethod = MethodFactory.Create,
            CreateBatches = (config, data, device) => new PairLoaderBatches(data.TrainSources, config,
                config.Augmentation.Mean ?? data.Mean, config.Augmentation.Std ?? data.Std, device),
            CreateOptimizer = OptimizerFactory.Create,
            LearningRateSchedule = (config, stepsPerEpoch, _) => LearningRateSchedule.FromConfig(config, stepsPerEpoch).At,
            MomentumSchedule = (config, stepsPerEpoch, _) => MomentumSchedule.FromConfig(config, stepsPerEpoch).At,
            CreateProbes = ProbeViews.Create,
            EpochEvaluators = options.EpochEvaluators,
        };
    }
}
