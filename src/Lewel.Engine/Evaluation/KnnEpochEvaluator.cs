using Lewel.Engine.Evaluation.Embeddings;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Evaluation;

/// <summary>The online kNN monitor (lewel-method.md §8.3, recommended protocol): at the end of every
/// <c>monitor.knnEveryEpochs</c>-th epoch and of the last epoch, the <see cref="KnnProtocol"/> on the method's online
/// backbone features with <c>monitor.knnK</c> and <c>monitor.knnTemperature</c> (and k = 200, T = 0.1 alongside).
/// Inputs are normalised with the run's mean/std, else the data set's statistics. Each monitor point also reports the
/// effective rank (RankMe) of the bank's features as a <see cref="RankReport"/> and writes their 2-D PCA
/// (<see cref="EmbeddingWriter"/>) into the run directory; a failed projection is a warning, not a failed run.</summary>
public sealed class KnnEpochEvaluator(int? batchSize = null) : IEpochEvaluator
{
    public IReadOnlyList<TrainingEvent> Evaluate(EpochEvaluationContext context)
    {
        var config = context.Config;
        var every = config.Monitor.KnnEveryEpochs;
        var last = config.Steps is null && config.Epochs is { } epochs && context.Epoch + 1 == epochs;
        if (every <= 0 || ((context.Epoch + 1) % every != 0 && !last)) return [];
        if (context.Data.Train.NumClasses < 1 || context.Data.Test.NumClasses < 1) return [];

        var normalization = config.Augmentation is { Mean: { } mean, Std: { } std }
            ? new InputNormalization(mean, std)
            : new InputNormalization(context.Data.Mean, context.Data.Std);
        var data = new EvaluationData(context.Data.Train, context.Data.Test, normalization, config.Dataset);
        var options = new KnnOptions { K = config.Monitor.KnnK, Temperature = config.Monitor.KnnTemperature };
        var evaluation = new EvaluationContext
        {
            Checkpoint = $"{context.RunDir} (online, epoch {context.Epoch + 1})",
            Device = context.Device,
            RequestedBatchSize = batchSize,
            CancellationToken = context.CancellationToken,
            Progress = context.Progress,
        };
        (double Rank, int Samples, int Dim)? rank = null;
        string? projectionFailure = null;
        var result = KnnProtocol.Run(context.Method.Features, data, options, evaluation, bank =>
        {
            rank = (EffectiveRank.RankMe(bank), (int)bank.shape[0], (int)bank.shape[1]);
            projectionFailure = WriteProjection(context, bank);
        });
        var events = new List<TrainingEvent> { result.ToEvent(context.Step, context.Epoch) };
        if (projectionFailure is not null)
            events.Add(new LogMessage(DateTimeOffset.UtcNow, "warning", $"the embedding projection of step {context.Step} failed: {projectionFailure}"));
        if (rank is { } r)
            events.Add(HealthCheck.AssessRank(DateTimeOffset.UtcNow, context.Step, context.Epoch, r.Rank, r.Samples, r.Dim));
        return events;
    }

    private static string? WriteProjection(EpochEvaluationContext context, TorchSharp.torch.Tensor bank)
    {
        try
        {
            EmbeddingWriter.Write(context.RunDir, bank, context.Data.Train, context.Step, context.Epoch);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException) // pictures are not worth losing a run over
        {
            return e.Message;
        }
    }
}
