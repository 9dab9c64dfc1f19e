using Lewel.Engine.Studies;

namespace Lewel.Web.Runs;

/// <summary>The paired launches' view of <see cref="MethodPairs"/>: byol ↔ lewel-b, mocov2plus ↔ lewel-m.</summary>
public static class PairedMethods
{
    public static bool HasPair(string method) => MethodPairs.HasPair(method);

    /// <summary>Why <paramref name="method"/> cannot be launched as a pair; null when it can.</summary>
    public static string? PairingError(string method) => MethodPairs.PairingError(method);

    public static (string Baseline, string Lewel) PairOf(string method) => MethodPairs.PairOf(method);
}
