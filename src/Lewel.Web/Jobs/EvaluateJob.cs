using System.ComponentModel;
using Hangfire;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Interop;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>Executes an evaluation run: loads its parent's checkpoint, opens the data set (the one the checkpoint was
/// trained on unless the plan names another), runs the protocol and records the result as the evaluation run's own
/// evaluation (and metrics <c>{protocol}.{value}</c>). Progress arrives as log lines.</summary>
public sealed class EvaluateJob(RunExecution execution, ArtifactPaths paths)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Evaluate run {0}")]
    public Task ExecuteAsync(long runId, Guid executionToken, CancellationToken jobToken) =>
        execution.ExecuteAsync(runId, executionToken, jobToken, (run, recorder, stop) =>
        {
            var plan = EvaluationPlan.FromJson(run.ConfigJson);
            var checkpoint = paths.Checkpoint(plan.ParentRunId, plan.Checkpoint);
            using var model = CheckpointModel.Load(checkpoint, new CheckpointLoadOptions { Device = DeviceSelector.Resolve(run.Device) });
            var spec = plan.Parameters.TryGetValue("dataset", out var named) ? named : model.Config?.Dataset
                ?? throw new ArgumentException($"{model.Source} carries no run configuration: name the data set with parameters.dataset");
            var open = (string s) => DatasetCatalog.Open(s, new DatasetOpenOptions
                { CacheDir = execution.DataDirectory.DatasetsRoot, ImageSize = model.InputSize });
            var splits = open(spec);
            var (normalization, origin) = model.ResolveNormalization(s => s == spec ? splits : open(s),
                new InputNormalization(splits.Mean, splits.Std), $"statistics of {spec}");
            recorder.OnEvent(new LogMessage(DateTimeOffset.UtcNow, "info", $"{model.Describe()}; inputs normalised with {origin}"));
            var context = new EvaluationContext
            {
                Checkpoint = plan.Checkpoint,
                Device = model.Device,
                Progress = new Progress(recorder),
                CancellationToken = stop,
            };
            var result = EvaluationCatalog.Run(plan.Protocol, plan.Parameters, model,
                new EvaluationData(splits.Train, splits.Test, normalization, spec), context);
            recorder.OnEvent(result.ToEvent(plan.CheckpointStep, 0));
            return new TrainingResult(TrainingOutcome.Finished, 0, null);
        });

    /// <summary>Protocol progress as occasional log lines (every stage change and every tenth of a stage).</summary>
    private sealed class Progress(ITrainingObserver recorder) : IProgress<EvaluationProgress>
    {
        private string lastStage = "";
        private int lastTenth = -1;

        public void Report(EvaluationProgress value)
        {
            var tenth = value.Total > 0 ? value.Done * 10 / value.Total : 0;
            if (value.Stage == lastStage && tenth == lastTenth) return;
            (lastStage, lastTenth) = (value.Stage, tenth);
            recorder.OnEvent(new LogMessage(DateTimeOffset.UtcNow, "info", $"{value.Protocol}: {value.Stage} {value.Done}/{value.Total}"));
        }
    }
}
