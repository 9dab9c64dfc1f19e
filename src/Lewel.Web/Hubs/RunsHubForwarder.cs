using Lewel.Web.Runs;
using Microsoft.AspNetCore.SignalR;

namespace Lewel.Web.Hubs;

/// <summary>Relays every <see cref="RunNotifier"/> update to the SignalR groups: the full update to the run's group, a
/// lighter one (no metric points, no log lines) to the all-runs group. One subscription, handled in order, so each
/// group receives a run's updates in sequence order.</summary>
public sealed class RunsHubForwarder(RunNotifier notifier, IHubContext<RunsHub> hub) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.SubscribeAll(ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task ForwardAsync(RunUpdate update)
    {
        await hub.Clients.Group(RunsHub.RunGroup(update.RunId)).SendAsync(update.Kind, update);
        RunUpdate? summary = update switch
        {
            MetricsAppended m => new RunProgress(m.RunId, m.Step, m.TotalSteps) { Sequence = m.Sequence },
            LogLinesAppended => null,
            _ => update,
        };
        if (summary is not null) await hub.Clients.Group(RunsHub.AllRunsGroup).SendAsync(summary.Kind, summary);
    }
}
