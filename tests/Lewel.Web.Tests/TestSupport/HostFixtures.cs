namespace Lewel.Web.Tests.TestSupport;

/// <summary>A host whose queues have no workers: runs stay queued, so API behaviour is deterministic. Its periodic
/// recovery sweep is effectively off (tests call it themselves).</summary>
public sealed class QueueOnlyHostFixture : IAsyncLifetime
{
    public LewelHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new LewelHost(cpuWorkers: 0, settings: new Dictionary<string, string> { ["Lewel:Jobs:SweepIntervalSeconds"] = "3600" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A host with one cpu worker: queued runs execute.</summary>
public sealed class WorkingHostFixture : IAsyncLifetime
{
    public LewelHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new LewelHost(cpuWorkers: 1);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
