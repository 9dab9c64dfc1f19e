namespace Lewel.Engine.Training.Optim;

/// <summary>The optimiser names and LARS variants a configuration may use.</summary>
public static class OptimizerIds
{
    public const string Lars = "lars";
    public const string Sgd = "sgd";
    public static readonly IReadOnlyList<string> All = [Lars, Sgd];

    /// <summary>solo-learn's LARS: the lr multiplies the update outside the momentum buffer; clipLr optional.</summary>
    public const string SoloLearnLars = "solo-learn";
    /// <summary>The official LEWEL LARS: the lr sits inside the momentum buffer; no clipping.</summary>
    public const string LewelLars = "lewel";
    public static readonly IReadOnlyList<string> LarsVariants = [SoloLearnLars, LewelLars];

    /// <summary>lr = baseLr × batchSize / 256 (solo-learn's linear scaling).</summary>
    public const string LinearLrRule = "linear";
    /// <summary>lr = baseLr as given, for the run's batch (the official LEWEL scripts).</summary>
    public const string AbsoluteLrRule = "absolute";
    public static readonly IReadOnlyList<string> LrRules = [LinearLrRule, AbsoluteLrRule];

    /// <summary>Exclude every 1-D tensor (solo-learn's exclude_bias_n_norm).</summary>
    public const string SoloLearnExclusion = "solo-learn";
    /// <summary>Exclude by name as the official LEWEL main.py does.</summary>
    public const string LewelExclusion = "lewel";
    public static readonly IReadOnlyList<string> ExclusionRules = [SoloLearnExclusion, LewelExclusion];
}
