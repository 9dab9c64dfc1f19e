using System.ComponentModel;
using Hangfire;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Web.Jobs;

/// <summary>Executes one pretraining run with <see cref="PretrainRunner"/> (resuming from the run directory's newest
/// checkpoint when there is one). Claiming, recording and settling the run: <see cref="RunExecution"/>.</summary>
public sealed class PretrainJob(RunExecution execution)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Pretrain run {0}")]
    public Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken) =>
        execution.ExecuteAsync(runId, executionToken, jobToken, (run, recorder, stop) =>
        {
            var config = RunConfig.FromJson(run.ConfigJson);
            var runDirectory = execution.DataDirectory.Resolve(run.RunDir);
            // The kNN monitor runs at the epochs monitor.knnEveryEpochs asks for; its results arrive as evaluations.
            var options = new PretrainOptions
            {
                DatasetCacheDir = execution.DataDirectory.DatasetsRoot,
                EpochEvaluators = [new KnnEpochEvaluator()],
            };
            // The run directory gets the same files as a CLI run (config.json, metrics.jsonl, log.txt, summary.json)
            // next to the checkpoints and maps the engine writes; the recorder feeds the store and the live view.
            using var files = new RunDirectoryWriter(runDirectory);
            return PretrainRunner.Run(config, runDirectory, new ObserverGroup(files, recorder), stop, options);
        });
}
