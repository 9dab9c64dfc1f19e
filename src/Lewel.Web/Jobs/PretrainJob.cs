using System.ComponentModel;
using Hangfire;
using Lewel.Engine.Hosting;
using Lewel.Web.Jobs.Processes;

namespace Lewel.Web.Jobs;

/// <summary>Executes one pretraining run in its own process (<c>lewel job</c>), which writes the run directory as a CLI
/// run does and resumes from its newest checkpoint when there is one. Claiming, supervising, recording and settling
/// the run: <see cref="RunExecution"/>.</summary>
public sealed class PretrainJob(RunExecution execution, Engine.Settings.LewelSettings settings)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Pretrain run {0}")]
    public Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken) =>
        execution.ExecuteAsync(runId, executionToken, jobToken, run =>
        {
            var runDirectory = execution.DataDirectory.Resolve(run.RunDir);
            var (device, gpus) = RunExecution.Placement(run.Device);
            var spec = new JobSpec
            {
                RunId = run.Id,
                DatasetCacheDir = execution.DataDirectory.DatasetsRoot,
                DataRoots = settings.ResolvedDataRoots,
                Device = device,
                // The kNN monitor runs at the epochs monitor.knnEveryEpochs asks for; its results arrive as evaluations.
                Pretrain = new PretrainJobSpec(runDirectory, run.ConfigJson) { KnnMonitor = true },
            };
            return new JobLaunch(run.Id, spec, runDirectory, "training", gpus);
        });
}
