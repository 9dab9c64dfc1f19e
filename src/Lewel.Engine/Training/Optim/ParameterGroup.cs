using TorchSharp.Modules;

namespace Lewel.Engine.Training.Optim;

/// <summary>Parameters that share a weight decay and whether LARS adapts their step.</summary>
public sealed record ParameterGroup(string Name, IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double WeightDecay, bool LarsAdaptation)
{
    public const string DecayedName = "decayed";
    public const string ExcludedName = "bias-and-norm";

    /// <summary>With <paramref name="excludeBiasAndNorm"/>, biases and normalisation parameters (the 1-D tensors:
    /// <c>*.bias</c>, <c>bn*</c>, <c>downsample.1.*</c>, the heads' BN such as <c>mlp.1.*</c>) go to a group with no
    /// weight decay and no LARS adaptation (solo-learn's exclude_bias_n_norm, §10.15); everything else is decayed and
    /// adapted. Without it, one group holds everything.</summary>
    public static IReadOnlyList<ParameterGroup> Split(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double weightDecay, bool excludeBiasAndNorm) =>
        Split(parameters, weightDecay, excludeBiasAndNorm ? ParameterExclusion.OneDimensional : null);

    /// <summary>Parameters for which <paramref name="isExcluded"/> holds go to a group with no weight decay and no LARS
    /// adaptation; the rest are decayed and adapted. A null rule puts everything in one decayed group.</summary>
    public static IReadOnlyList<ParameterGroup> Split(
        IReadOnlyList<(string Name, Parameter Parameter)> parameters, double weightDecay, Func<string, Parameter, bool>? isExcluded)
    {
        if (isExcluded is null)
            return [new ParameterGroup(DecayedName, parameters, weightDecay, LarsAdaptation: true)];
        var excluded = parameters.Where(p => isExcluded(p.Name, p.Parameter)).ToList();
        var decayed = parameters.Where(p => !isExcluded(p.Name, p.Parameter)).ToList();
        return
        [
            new ParameterGroup(DecayedName, decayed, weightDecay, LarsAdaptation: true),
            new ParameterGroup(ExcludedName, excluded, 0.0, LarsAdaptation: false),
        ];
    }
}
