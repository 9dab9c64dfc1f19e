using Lewel.Engine.Config;

namespace Lewel.Engine.Studies;

/// <summary>Each baseline and the LEWEL variant built on it: byol ↔ lewel-b, the MoCo baseline ↔ lewel-m. The one
/// place the pairs are written down (studies, paired launches).</summary>
public static class MethodPairs
{
    /// <summary>The names a study takes for its pair: the baseline's family.</summary>
    public static IReadOnlyList<string> Names { get; } = ["byol", "mocov2"];

    /// <summary>The pair <paramref name="method"/> belongs to (either member names it).</summary>
    public static (string Baseline, string Lewel) PairOf(string method) => method switch
    {
        MethodIds.Byol or MethodIds.LewelB => (MethodIds.Byol, MethodIds.LewelB),
        MethodIds.MocoV2 or MethodIds.LewelM => (MethodIds.MocoV2, MethodIds.LewelM),
        _ => throw new ArgumentException($"'{method}' has no paired method", nameof(method)),
    };

    /// <summary>A study's <c>--pair</c>: <c>byol</c> or <c>mocov2</c> (a member's method id is accepted too); null
    /// when it names no pair.</summary>
    public static (string Baseline, string Lewel)? FromName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "byol" or "byol+lewel-b" => PairOf(MethodIds.Byol),
        "mocov2" or "moco" or "mocov2+lewel-m" => PairOf(MethodIds.MocoV2),
        { } other when MethodIds.All.Contains(other) => PairOf(other),
        _ => null,
    };
}
