namespace Lewel.Web.Tests.TestSupport;

/// <summary>Tests whose studios and workers are real OS processes (<see cref="AppProcess"/>), none of them in the test
/// host: they share no process-wide state with <see cref="HostCollection"/>'s in-process hosts, so the two collections
/// run side by side (one after another within each, since every one of them trains).</summary>
[CollectionDefinition(Name)]
public sealed class StudioProcessCollection
{
    public const string Name = "Studio processes";
}
