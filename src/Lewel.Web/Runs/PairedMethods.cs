using Lewel.Engine.Config;

namespace Lewel.Web.Runs;

/// <summary>Each baseline and the LEWEL variant built on it, like with like: byol ↔ lewel-b, and mocov2plus ↔ lewel-m
/// (LEWEL_M as implemented is symmetric, one queue per view, without shuffle-BN, exactly as MoCo V2+). Official MoCo v2
/// (one direction, shuffle-BN) has no LEWEL variant here.</summary>
public static class PairedMethods
{
    public static bool HasPair(string method) => PairingError(method) is null;

    /// <summary>Why <paramref name="method"/> cannot be launched as a pair; null when it can.</summary>
    public static string? PairingError(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB or MethodIds.MocoV2Plus or MethodIds.LewelM => null,
        MethodIds.MocoV2 => "official MoCo v2 (mocov2: one direction, shuffle-BN) has no LEWEL variant: LEWEL_M is built on " +
                            "MoCo V2+ (symmetric, no shuffle-BN), so pair mocov2plus with lewel-m, or launch mocov2 on its own",
        _ => $"'{method}' has no paired method",
    };

    public static (string Baseline, string Lewel) PairOf(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB => (MethodIds.Byol, MethodIds.LewelB),
        MethodIds.MocoV2Plus or MethodIds.LewelM => (MethodIds.MocoV2Plus, MethodIds.LewelM),
        _ => throw new ArgumentException(PairingError(method), nameof(method)),
    };
}
