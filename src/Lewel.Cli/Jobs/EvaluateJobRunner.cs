using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Hosting;
using Lewel.Engine.Interop;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Cli.Jobs;

/// <summary>A supervised evaluation: loads the checkpoint, opens the data set (the one the checkpoint was trained on
/// unless the parameters name another), runs the protocol through <see cref="EvaluationCatalog"/> and reports the result
/// as an <see cref="EvaluationCompleted"/> event. Progress goes out as log lines (<see cref="EvaluationProgressLog"/>).</summary>
internal static class EvaluateJobRunner
{
    public static JobResult Run(JobSpec spec, EvaluateJobSpec evaluate, WireObserver wire, CancellationToken stop)
    {
        using var model = CheckpointModel.Load(evaluate.CheckpointPath,
            new CheckpointLoadOptions { Device = DeviceSelector.Resolve(spec.Device ?? "auto"), DataRoots = spec.DatasetOptions().DataRoots });
        var datasetSpec = evaluate.Parameters.TryGetValue("dataset", out var named) ? named : model.Config?.Dataset
            ?? throw new ArgumentException($"{model.Source} carries no run configuration: name the data set with parameters.dataset");
        var (data, origin) = EvaluationData.ForCheckpoint(model, datasetSpec,
            s => DatasetCatalog.Open(s, spec.DatasetOptions(model.InputSize)));
        wire.OnEvent(new LogMessage(DateTimeOffset.UtcNow, "info", $"{model.Describe()}; inputs normalised with {origin}"));
        var context = new EvaluationContext
        {
            Checkpoint = evaluate.CheckpointName,
            Device = model.Device,
            Progress = new EvaluationProgressLog(wire),
            CancellationToken = stop,
        };
        var result = EvaluationCatalog.Run(evaluate.Protocol, evaluate.Parameters, model, data, context);
        wire.OnEvent(result.ToEvent(evaluate.CheckpointStep, 0));
        return new JobResult(TrainingOutcome.Finished, 0, null);
    }
}
