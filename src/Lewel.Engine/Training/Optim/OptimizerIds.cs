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
}
