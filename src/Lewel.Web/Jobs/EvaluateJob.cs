using System.ComponentModel;
using Hangfire;
using Lewel.Engine.Hosting;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>Executes an evaluation run in its own process: the child loads its parent's checkpoint, opens the data set
/// (the one the checkpoint was trained on unless the plan names another), runs the protocol and reports the result,
/// which is recorded as the evaluation run's own evaluation (and metrics <c>{protocol}.{value}</c>). Progress arrives
/// as log lines.</summary>
public sealed class EvaluateJob(RunExecution execution, ArtifactPaths paths, Engine.Settings.LewelSettings settings)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Evaluate run {0}")]
    public Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken) =>
        execution.ExecuteAsync(runId, executionToken, jobToken, run =>
        {
            var plan = EvaluationPlan.FromJson(run.ConfigJson);
            var checkpoint = paths.Checkpoint(plan.ParentRunId, plan.Checkpoint);
            var (device, gpus) = RunExecution.Placement(run.Device);
            var spec = new JobSpec
            {
                RunId = run.Id,
                DatasetCacheDir = execution.DataDirectory.DatasetsRoot,
                DataRoots = settings.ResolvedDataRoots,
                Device = device,
                Evaluate = new EvaluateJobSpec(plan.Protocol, checkpoint, plan.Checkpoint, plan.CheckpointStep, plan.Parameters),
            };
            return new JobLaunch(run.Id, spec, execution.DataDirectory.Resolve(run.RunDir), "evaluation", gpus);
        });
}
