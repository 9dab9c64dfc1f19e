using Lewel.Engine.Config;
using Lewel.Engine.Methods;

namespace Lewel.Engine.Training.Optim;

/// <summary>Builds the optimiser a run configuration names over a method's trainable parameters.</summary>
public static class OptimizerFactory
{
    /// <summary>The learning rate the run starts from: baseLr × batchSize / 256 (solo-learn's linear scaling; the
    /// presets state baseLr for a batch of 256, §7). The schedule multiplies from here.</summary>
    public static double ScaledLearningRate(RunConfig config) => config.Optimizer.BaseLr * config.BatchSize / 256.0;

    public static IPretrainOptimizer Create(RunConfig config, IPretrainMethod method)
    {
        var options = config.Optimizer;
        var groups = ParameterGroup.Split(method.TrainableParameters(), options.WeightDecay, options.ExcludeBiasAndNorm);
        var lr = ScaledLearningRate(config);
        return options.Name switch
        {
            OptimizerIds.Lars => new Lars(groups, lr, options.Momentum, options.Eta, options.ClipLr, options.LarsVariant),
            OptimizerIds.Sgd => new Sgd(groups, lr, options.Momentum),
            _ => throw new ConfigException([new ConfigError("optimizer.name", $"'{options.Name}' is not an optimizer: use one of {string.Join(", ", OptimizerIds.All)}")]),
        };
    }
}
