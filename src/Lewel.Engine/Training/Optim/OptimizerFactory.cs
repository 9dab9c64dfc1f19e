using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using TorchSharp;
using TorchSharp.Modules;

namespace Lewel.Engine.Training.Optim;

/// <summary>Builds the optimiser a run configuration names over a method's trainable parameters: a TorchSharp
/// optimiser whose <c>ParamGroups</c> take the scheduled learning rate each step and whose state a checkpoint saves
/// with <c>save_state_dict</c>.</summary>
public static class OptimizerFactory
{
    /// <summary>The learning rate the run starts from: baseLr × batchSize / 256 (solo-learn's linear scaling; the
    /// presets state baseLr for a batch of 256, §7). The schedule multiplies from here.</summary>
    public static double ScaledLearningRate(RunConfig config) => config.Optimizer.BaseLr * config.BatchSize / 256.0;

    public static OptimizerHelper Create(RunConfig config, IPretrainMethod method)
    {
        var options = config.Optimizer;
        var groups = ParameterGroup.Split(method.TrainableParameters(), options.WeightDecay, options.ExcludeBiasAndNorm);
        var lr = ScaledLearningRate(config);
        return options.Name switch
        {
            OptimizerIds.Lars => new Lars(groups, lr, options.Momentum, options.Eta, options.ClipLr, options.LarsVariant),
            OptimizerIds.Sgd => Sgd(groups, lr, options.Momentum),
            _ => throw new ConfigException([new ConfigError("optimizer.name", $"'{options.Name}' is not an optimizer: use one of {string.Join(", ", OptimizerIds.All)}")]),
        };
    }

    /// <summary>TorchSharp's momentum SGD (PyTorch semantics: buf = m·buf + g + wd·w, w ← w − lr·buf) with one
    /// parameter group per <see cref="ParameterGroup"/> and its weight decay (LARS adaptation does not apply).</summary>
    public static SGD Sgd(IReadOnlyList<ParameterGroup> groups, double learningRate, double momentum) =>
        torch.optim.SGD(
            groups.Select(g => new SGD.ParamGroup(g.Parameters.Select(p => p.Parameter).ToList(), learningRate, momentum, dampening: 0, weight_decay: g.WeightDecay)).ToList(),
            learningRate, momentum);
}
