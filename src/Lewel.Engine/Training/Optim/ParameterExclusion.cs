using TorchSharp.Modules;

namespace Lewel.Engine.Training.Optim;

/// <summary>Which parameters go without weight decay and LARS adaptation (lewel-method.md §4.4, §10.15).</summary>
public static class ParameterExclusion
{
    /// <summary>solo-learn's exclude_bias_n_norm: every tensor of at most one dimension (biases and norm affines).</summary>
    public static bool OneDimensional(string name, Parameter parameter) => parameter.dim() <= 1;

    /// <summary>The official LEWEL <c>main.py</c>, by name: every parameter whose name contains <c>bn</c>,
    /// <c>downsample.1</c> (the shortcut's BN) or <c>bias</c>, and, when <paramref name="excludeNeckNorm"/>, those
    /// containing <c>mlp.1</c> (the BN1d of the projectors and predictors). main.py adds <c>mlp.1</c> for the EMAN
    /// arch only, so under plain EMA the heads' BN weights are decayed and adapted while their biases are not.
    /// The BYOL baseline's heads here are solo-learn's Sequentials, whose BN1d is <c>projector.1</c> /
    /// <c>predictor.1</c> rather than <c>mlp.1</c>; they count as head norms too, so BYOL and LEWEL_B share a rule.</summary>
    public static Func<string, Parameter, bool> LewelMain(bool excludeNeckNorm) => (name, _) =>
        name.Contains("bn", StringComparison.Ordinal)
        || name.Contains("downsample.1", StringComparison.Ordinal)
        || name.Contains("bias", StringComparison.Ordinal)
        || (excludeNeckNorm && IsHeadNorm(name));

    private static bool IsHeadNorm(string name) =>
        name.Contains("mlp.1.", StringComparison.Ordinal)
        || name.Contains("projector.1.", StringComparison.Ordinal)
        || name.Contains("predictor.1.", StringComparison.Ordinal);
}
