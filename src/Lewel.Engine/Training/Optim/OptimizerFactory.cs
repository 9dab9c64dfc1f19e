using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using TorchSharp.Modules;

namespace Lewel.Engine.Training.Optim;

/// <summary>Builds the optimiser a run configuration names over a method's trainable parameters.</summary>
public static class OptimizerFactory
{
    /// <summary>The learning rate the run starts from. Under lrRule linear: baseLr × batchSize / 256 (solo-learn's
    /// linear scaling; the small presets state baseLr for a batch of 256, §7). Under absolute: baseLr itself (the
    /// official LEWEL scripts give it for the total batch, §4.4). The schedule multiplies from here.</summary>
    public static double ScaledLearningRate(RunConfig config) => config.Optimizer.LrRule == OptimizerIds.AbsoluteLrRule
        ? config.Optimizer.BaseLr
        : config.Optimizer.BaseLr * config.BatchSize / 256.0;

    public static IPretrainOptimizer Create(RunConfig config, IPretrainMethod method)
    {
        var options = config.Optimizer;
        var groups = ParameterGroup.Split(method.TrainableParameters(), options.WeightDecay, ExclusionOf(config));
        var lr = ScaledLearningRate(config);
        return options.Name switch
        {
            OptimizerIds.Lars => new Lars(groups, lr, options.Momentum, options.Eta, options.ClipLr, options.LarsVariant),
            OptimizerIds.Sgd => new Sgd(groups, lr, options.Momentum),
            _ => throw new ConfigException([new ConfigError("optimizer.name", $"'{options.Name}' is not an optimizer: use one of {string.Join(", ", OptimizerIds.All)}")]),
        };
    }

    /// <summary>The rule that picks the parameters without weight decay and LARS adaptation, or null for none.</summary>
    public static Func<string, Parameter, bool>? ExclusionOf(RunConfig config)
    {
        var options = config.Optimizer;
        if (!options.ExcludeBiasAndNorm) return null;
        if (options.ExclusionRule != OptimizerIds.LewelExclusion) return ParameterExclusion.OneDimensional;
        return ParameterExclusion.LewelMain(options.ExcludeNeckNorm ?? config.Target.Update == TargetUpdates.EmanId);
    }
}
