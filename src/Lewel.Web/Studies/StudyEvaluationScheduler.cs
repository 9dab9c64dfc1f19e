using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;

namespace Lewel.Web.Studies;

/// <summary>Queues a study run's evaluations as soon as the run succeeds (from the run notifications), and sweeps the
/// recent studies every <see cref="SweepInterval"/> for what a notification did not cover: a run finished by another
/// process, a restart, a checkpoint not yet recorded when the run's status arrived.</summary>
public sealed class StudyEvaluationScheduler(StudyService studies, StudyStore store, RunNotifier notifier, ILogger<StudyEvaluationScheduler> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);
    private const int StudiesPerSweep = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.SubscribeAll(update => update is RunStatusChanged { Status: RunStatus.Succeeded } changed
            ? Guarded(() => studies.AdvanceStudiesOfRunAsync(changed.RunId, stoppingToken))
            : Task.CompletedTask);
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            do
            {
                await Guarded(async () =>
                {
                    foreach (var study in await store.ListAsync(take: StudiesPerSweep, cancellationToken: stoppingToken))
                        await studies.AdvanceAsync(study, stoppingToken);
                });
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Guarded(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not queue study evaluations");
        }
    }
}
