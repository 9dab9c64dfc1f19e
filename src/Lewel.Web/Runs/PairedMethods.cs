using Lewel.Engine.Studies;

namespace Lewel.Web.Runs;

/// <summary>Each baseline and the LEWEL variant built on it: byol ↔ lewel-b, mocov2 ↔ lewel-m (see <see cref="MethodPairs"/>).</summary>
public static class PairedMethods
{
    public static (string Baseline, string Lewel) PairOf(string method) => MethodPairs.PairOf(method);
}
