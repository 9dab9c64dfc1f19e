using Lewel.Web.Runs;

namespace Lewel.Web.Hubs;

/// <summary>What all-runs subscribers get instead of a run's metric batch: how far it got.</summary>
public sealed record RunProgress(long RunId, int Step, int TotalSteps) : RunUpdate(RunId)
{
    public override string Kind => "progress";
}
