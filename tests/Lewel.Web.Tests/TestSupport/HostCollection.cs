namespace Lewel.Web.Tests.TestSupport;

/// <summary>Every test that starts an app host belongs here: hosts run job servers and keep process-wide state
/// (Hangfire's statics, torch's threads), so they never run side by side.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "App hosts";
}
