using Lewel.Engine.Config;

namespace Lewel.Engine.Studies;

/// <summary>Each baseline and the LEWEL variant built on it, like with like: byol ↔ lewel-b, and mocov2plus ↔ lewel-m
/// (LEWEL_M as implemented is symmetric, one queue per view, without shuffle-BN, exactly as MoCo V2+). Official MoCo v2
/// (one direction, shuffle-BN) has no LEWEL variant here. The pairs are written in <see cref="MethodTraitsCatalog"/>;
/// studies and paired launches read them here.</summary>
public static class MethodPairs
{
    /// <summary>The names a study takes for its pair: the baseline's id.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. MethodTraitsCatalog.All.Where(m => m.IsPairBaseline).Select(m => m.Id)];

    public static bool HasPair(string method) => PairingError(method) is null;

    /// <summary>Why <paramref name="method"/> cannot be launched as a pair; null when it can.</summary>
    public static string? PairingError(string method) =>
        MethodTraitsCatalog.For(method) is { PairedWith: null } traits ? traits.NoPairReason ?? $"'{method}' has no paired method" : null;

    /// <summary>The pair <paramref name="method"/> belongs to (either member names it).</summary>
    public static (string Baseline, string Lewel) PairOf(string method)
    {
        var traits = MethodTraitsCatalog.For(method);
        if (traits.PairedWith is not { } other) throw new ArgumentException(PairingError(method), nameof(method));
        return traits.AlignmentMaps ? (other, method) : (method, other);
    }

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
