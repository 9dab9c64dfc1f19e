using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Each baseline and the LEWEL variant built on it: byol ↔ lewel-b, mocov2 ↔ lewel-m.</summary>
public static class PairedMethods
{
    public static (string Baseline, string Lewel) PairOf(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB => (MethodIds.Byol, MethodIds.LewelB),
        MethodIds.MocoV2 or MethodIds.LewelM => (MethodIds.MocoV2, MethodIds.LewelM),
        _ => throw new ArgumentException($"'{method}' has no paired method", nameof(method)),
    };
}
