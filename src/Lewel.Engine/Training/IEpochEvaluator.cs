using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Methods;
using Lewel.Engine.Training.Events;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>What an evaluator sees at the end of an epoch. The method is in train mode when the evaluator is called and
/// is put back into train mode after it returns.</summary>
public sealed record EpochEvaluationContext(RunConfig Config, IPretrainMethod Method, DatasetSplits Data, Device Device,
    int Epoch, int Step, string RunDir, CancellationToken CancellationToken)
{
    /// <summary>Where a long evaluator reports how far it is (log lines that also keep a supervisor's watchdog calm).</summary>
    public IProgress<Evaluation.EvaluationProgress>? Progress { get; init; }
}

/// <summary>A monitor run at the end of every epoch (e.g. the kNN monitor). It decides itself whether it is due (e.g.
/// every <c>monitor.knnEveryEpochs</c>) and returns its results (evaluations, health reports), which the trainer
/// reports in order.</summary>
public interface IEpochEvaluator
{
    IReadOnlyList<TrainingEvent> Evaluate(EpochEvaluationContext context);
}
