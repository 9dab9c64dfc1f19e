using Lewel.Engine.Config;

namespace Lewel.Engine.Studies;

/// <summary>Each baseline and the LEWEL variant built on it, like with like: byol ↔ lewel-b, and mocov2plus ↔ lewel-m
/// (LEWEL_M as implemented is symmetric, one queue per view, without shuffle-BN, exactly as MoCo V2+). Official MoCo v2
/// (one direction, shuffle-BN) has no LEWEL variant here. The one place the pairs are written down (studies, paired
/// launches).</summary>
public static class MethodPairs
{
    /// <summary>The names a study takes for its pair: the baseline's id.</summary>
    public static IReadOnlyList<string> Names { get; } = [MethodIds.Byol, MethodIds.MocoV2Plus];

    public static bool HasPair(string method) => PairingError(method) is null;

    /// <summary>Why <paramref name="method"/> cannot be launched as a pair; null when it can.</summary>
    public static string? PairingError(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB or MethodIds.MocoV2Plus or MethodIds.LewelM => null,
        MethodIds.MocoV2 => "official MoCo v2 (mocov2: one direction, shuffle-BN) has no LEWEL variant: LEWEL_M is built on " +
                            "MoCo V2+ (symmetric, no shuffle-BN), so pair mocov2plus with lewel-m, or launch mocov2 on its own",
        _ => $"'{method}' has no paired method",
    };

    /// <summary>The pair <paramref name="method"/> belongs to (either member names it).</summary>
    public static (string Baseline, string Lewel) PairOf(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB => (MethodIds.Byol, MethodIds.LewelB),
        MethodIds.MocoV2Plus or MethodIds.LewelM => (MethodIds.MocoV2Plus, MethodIds.LewelM),
        _ => throw new ArgumentException(PairingError(method), nameof(method)),
    };

    /// <summary>A study's <c>--pair</c>: <c>byol</c> or <c>mocov2plus</c> (a paired member's method id is accepted too);
    /// null when it names no pair.</summary>
    public static (string Baseline, string Lewel)? FromName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "byol+lewel-b" => PairOf(MethodIds.Byol),
        "mocov2plus+lewel-m" => PairOf(MethodIds.MocoV2Plus),
        { } other when MethodIds.All.Contains(other) && HasPair(other) => PairOf(other),
        _ => null,
    };
}
