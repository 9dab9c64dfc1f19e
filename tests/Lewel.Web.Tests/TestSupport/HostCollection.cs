namespace Lewel.Web.Tests.TestSupport;

/// <summary>Every test that starts an app host in the test process belongs here: hosts run job servers and keep
/// process-wide state (Hangfire's statics, torch's threads), so they never run side by side. Tests of other collections
/// (components, out-of-process studios) may run beside them.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection
{
    public const string Name = "App hosts";
}
