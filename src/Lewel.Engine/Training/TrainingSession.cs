using System.Diagnostics;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Methods;
using Lewel.Engine.Rendering;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training.Events;
using Lewel.Engine.Training.Optim;
using Lewel.Engine.Training.Snapshots;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>
/// One call of <see cref="Trainer.Run"/>: builds the run's pieces, restores the newest checkpoint when resuming, runs
/// the steps and reports. Per step: one dispose scope; learning rate and momentum from the schedules at the 0-based
/// iteration t; zero_grad → loss → backward → optimiser step → <see cref="IPretrainMethod.AfterOptimizerStep"/>;
/// the step's scalars are queued for a batched read-back (<see cref="StepReadback"/>). After the step, in this order:
/// metrics (and health) are reported, the epoch is closed (mean loss, evaluators), a map snapshot and a checkpoint are
/// written when due.
/// </summary>
internal sealed class TrainingSession(TrainingParts parts, RunConfig config, RunDirectory run, ITrainingObserver observer,
    bool resuming, CancellationToken cancellationToken) : IDisposable
{
    private readonly EventSink sink = new(observer);
    private readonly CheckpointStore store = run.Checkpoints;
    private readonly Stopwatch wall = new();
    private RunProgress progress = new();
    private Device device = CPU;
    private DatasetSplits? data;
    private IPretrainMethod? method;
    private ITrainingBatchSource? batches;
    private IPretrainOptimizer? optimizer;
    private IReadOnlyList<ProbeImage> probes = [];
    private MapSnapshotWriter? snapshots;
    private StepReadback? readback;
    private Func<int, double> learningRateAt = _ => 0;
    private Func<int, double> momentumAt = _ => 0;
    private int stepsPerEpoch;
    private int totalSteps;
    private string? lastCheckpoint;
    private int lastCheckpointStep = -1;
    private bool lastCheckpointFinal;
    private int lastSnapshotStep = -1;
    private bool looping;

    private IPretrainMethod Method => method!;
    private IPretrainOptimizer Optimizer => optimizer!;
    private StepReadback Readback => readback!;
    private MonitorConfig Monitor => config.Monitor;

    public TrainingResult Run()
    {
        wall.Start();
        try
        {
            Prepare();
            sink.Emit(new RunStarted(DateTimeOffset.UtcNow, run.Root, totalSteps, stepsPerEpoch, progress.Step,
                device.ToString(), Method.Description) { SkippedDataFiles = data!.SkippedFiles });
            return Loop();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancel();
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (Exception e)
        {
            return Fail(looping ? progress.Step + 1 : progress.Step, Describe(e));
        }
    }

    public void Dispose()
    {
        readback?.Dispose();
        foreach (var probe in probes) probe.Dispose();
        optimizer?.Dispose();
        batches?.Dispose();
        method?.Dispose();
    }

    private void Prepare()
    {
        TorchRuntime.EnsureLoaded();
        if (config.Threads > 0) set_num_threads(config.Threads);
        device = DeviceSelector.Resolve(config.Device);
        data = parts.OpenDataset(config);
        manual_seed(config.Seed);
        if (device.type == DeviceType.CUDA) cuda.manual_seed(config.Seed);
        method = parts.CreateMethod(config, device);
        batches = parts.CreateBatches(config, data, device);
        stepsPerEpoch = batches.BatchesPerEpoch;
        if (stepsPerEpoch <= 0)
            throw new ConfigException([new ConfigError("batchSize", $"{config.BatchSize} is larger than the training set ({data.Train.Description} has {data.Train.Count} images)")]);
        totalSteps = config.Steps ?? checked((config.Epochs ?? 0) * stepsPerEpoch);
        if (totalSteps <= 0)
            throw new ConfigException([new ConfigError(config.Steps is null ? "epochs" : "steps", "the run must have at least one step")]);
        optimizer = parts.CreateOptimizer(config, method);
        learningRateAt = parts.LearningRateSchedule(config, stepsPerEpoch, totalSteps);
        momentumAt = parts.MomentumSchedule(config, stepsPerEpoch, totalSteps);
        if (method.NumHeads > 0)
        {
            probes = parts.CreateProbes(config, data, device);
            if (probes.Count > 0) snapshots = new MapSnapshotWriter(run, new AlignmentMapRenderer(MapRenderOptions.TrainingSnapshot));
        }
        readback = new StepReadback(device.type == DeviceType.CPU ? StepReadback.CpuReadEvery : StepReadback.GpuReadEvery);
        if (resuming) Restore();
    }

    private void Restore()
    {
        var restored = store.RestoreNewest(Method.Root, Optimizer, warning => sink.Log("warning", warning));
        if (restored is not { } found) return;
        var (path, metadata) = found;
        if (metadata.MethodId != Method.Id)
            throw new CheckpointException(path, $"it was written by method {metadata.MethodId}, but the run uses {Method.Id}");
        if (metadata.StepsPerEpoch != stepsPerEpoch || metadata.TotalSteps != totalSteps)
            throw new CheckpointException(path, $"it was written for {metadata.TotalSteps} steps of {metadata.StepsPerEpoch} per epoch, " +
                                                $"but the run now has {totalSteps} of {stepsPerEpoch}: the data set or the configuration changed");
        progress = RunProgress.From(metadata);
        lastCheckpoint = run.Relative(path);
        lastCheckpointStep = metadata.Step;
        lastCheckpointFinal = metadata.Final;
        lastSnapshotStep = metadata.Step;
        sink.Log("info", $"resumed from {lastCheckpoint} at step {metadata.Step} (epoch {metadata.Epoch}, batch {metadata.BatchInEpoch})");
    }

    private TrainingResult Loop()
    {
        looping = true;
        Method.Train();
        if (progress.Step == 0 && Monitor.SnapshotEverySteps > 0) Snapshot();
        while (progress.Step < totalSteps)
        {
            var epoch = progress.Step / stepsPerEpoch;
            var batch = progress.Step % stepsPerEpoch;
            using var source = batches!.Epoch(epoch, batch).GetEnumerator();
            for (; batch < stepsPerEpoch && progress.Step < totalSteps; batch++)
            {
                if (cancellationToken.IsCancellationRequested) return Cancel();
                var start = Stopwatch.GetTimestamp();
                if (!source.MoveNext())
                    throw new InvalidOperationException($"the batch source ended after {batch} of {stepsPerEpoch} batches in epoch {epoch}");
                var dataWait = Stopwatch.GetElapsedTime(start).TotalSeconds;
                using (var pair = source.Current)
                    Step(pair, epoch, batch, dataWait, start);
                FinalizerSafePoint.CollectIfDue();
                progress.Step++;
                if (AfterStep() is { } failure) return failure;
            }
        }
        return Finish();
    }

    private void Step(TrainingBatch pair, int epoch, int batch, double dataWait, long start)
    {
        var t = progress.Step;
        var learningRate = learningRateAt(t);
        var momentum = momentumAt(t);
        Optimizer.LearningRate = learningRate;
        var healthDue = Every(Monitor.HealthEverySteps, t + 1) && pair.Size > 1;

        using var scope = NewDisposeScope();
        Optimizer.ZeroGrad();
        var terms = Method.Loss(pair.View1, pair.View2);
        terms.Total.backward();
        Optimizer.Step();
        Method.AfterOptimizerStep(momentum);
        var std = healthDue ? HealthCheck.EmbeddingStd(terms.Embeddings) : null;
        var entropy = healthDue && terms.Maps is not null ? HealthCheck.MapEntropyRatio(terms.Maps) : null;
        var info = new StepInfo(t + 1, epoch, batch, pair.Size, (int)terms.Embeddings.shape[^1], learningRate, momentum, dataWait, start);
        Readback.Add(info, terms.Total, terms.Global, terms.Aligned, std, entropy);
    }

    private TrainingResult? AfterStep()
    {
        var step = progress.Step;
        var epochEnd = step % stepsPerEpoch == 0;
        var snapshotDue = snapshots is not null && Every(Monitor.SnapshotEverySteps, step) && step < totalSteps;
        var checkpointDue = Every(Monitor.CheckpointEverySteps, step) && step < totalSteps; // the last one is the final
        if (Readback.Due || Every(Monitor.HealthEverySteps, step) || epochEnd || snapshotDue || checkpointDue || step == totalSteps)
            if (ReportMetrics() is { } failure) return failure;
        if (epochEnd) EndEpoch(step / stepsPerEpoch - 1, step);
        if (snapshotDue) Snapshot();
        if (checkpointDue) Checkpoint(final: false);
        return null;
    }

    /// <summary>Reads back the pending steps and reports them; a non-finite loss ends the run.</summary>
    private TrainingResult? ReportMetrics()
    {
        foreach (var values in Readback.Flush())
        {
            var info = values.Info;
            if (!values.IsFinite)
                return Fail(info.Step,
                    $"the loss is not finite at step {info.Step} (epoch {info.Epoch}, batch {info.BatchInEpoch}; lr {info.LearningRate:G4}): " +
                    $"{values.DescribeTerms()}. Training stopped; the weights after this step were not saved" +
                    (lastCheckpoint is null ? " and no earlier checkpoint exists." : $"; the last good checkpoint is {lastCheckpoint}."));
            progress.Record(values.Loss);
            sink.Emit(new StepCompleted(DateTimeOffset.UtcNow, info.Step, info.Epoch, values.Loss, values.LossGlobal,
                values.LossAligned, info.LearningRate, info.Momentum, values.ImagesPerSecond, info.DataWaitSeconds, values.ComputeSeconds));
            if (values.EmbeddingStd is { } std)
            {
                progress.RecordEmbeddingStd(std);
                sink.Emit(HealthCheck.Assess(DateTimeOffset.UtcNow, info.Step, totalSteps, info.EmbeddingDim, std,
                    values.MapEntropyRatio, values.Loss, progress.FirstLoss, progress.FirstEmbeddingStd));
            }
        }
        return null;
    }

    private void EndEpoch(int epoch, int step)
    {
        sink.Emit(new EpochCompleted(DateTimeOffset.UtcNow, epoch, step, progress.EpochMeanLoss));
        progress.StartEpoch();
        if (parts.EpochEvaluators.Count == 0) return;
        var context = new EpochEvaluationContext(config, Method, data!, device, epoch, step, run.Root, cancellationToken)
        {
            Progress = new Evaluation.EvaluationProgressLog(log => sink.Emit(log)),
        };
        try
        {
            foreach (var evaluator in parts.EpochEvaluators)
                foreach (var result in evaluator.Evaluate(context))
                    sink.Emit(result);
        }
        finally
        {
            Method.Train();
        }
    }

    /// <summary>A failed snapshot is reported as a warning: pictures are not worth losing a run over.</summary>
    private void Snapshot()
    {
        if (snapshots is null || lastSnapshotStep == progress.Step) return;
        lastSnapshotStep = progress.Step;
        try
        {
            foreach (var snapshot in snapshots.Write(Method, probes, progress.Step))
                sink.Emit(snapshot);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sink.Log("warning", $"the map snapshot of step {progress.Step} failed: {e.Message}");
        }
        finally
        {
            Method.Train();
        }
    }

    private void Checkpoint(bool final)
    {
        var step = progress.Step;
        if (lastCheckpointStep == step && (lastCheckpointFinal || !final)) return;
        var metadata = new CheckpointMetadata
        {
            Step = step,
            Epoch = step / stepsPerEpoch,
            BatchInEpoch = step % stepsPerEpoch,
            TotalSteps = totalSteps,
            StepsPerEpoch = stepsPerEpoch,
            MethodId = Method.Id,
            MethodDescription = Method.Description,
            Optimizer = Optimizer.Name,
            EpochLossSum = progress.EpochLossSum,
            EpochLossCount = progress.EpochLossCount,
            FirstLoss = progress.FirstLoss,
            FirstEmbeddingStd = progress.FirstEmbeddingStd,
            LastLoss = progress.LastLoss,
            Final = final,
            Config = config,
        };
        var (path, bytes) = store.Write(metadata, Method.Root, Optimizer);
        lastCheckpoint = run.Relative(path);
        lastCheckpointStep = step;
        lastCheckpointFinal = final;
        sink.Emit(new CheckpointWritten(DateTimeOffset.UtcNow, step, lastCheckpoint, bytes));
    }

    private TrainingResult Finish()
    {
        if (ReportMetrics() is { } failure) return failure;
        Snapshot();
        Checkpoint(final: true);
        sink.Emit(new RunFinished(DateTimeOffset.UtcNow, progress.Step, progress.LastLoss ?? double.NaN, wall.Elapsed.TotalSeconds));
        return new TrainingResult(TrainingOutcome.Finished, progress.Step, null);
    }

    private TrainingResult Cancel()
    {
        if (readback is not null && ReportMetrics() is { } failure) return failure;
        if (method is not null && optimizer is not null && progress.Step > 0)
            Checkpoint(final: false);
        sink.Emit(new RunCancelled(DateTimeOffset.UtcNow, progress.Step, progress.Step > 0 ? lastCheckpoint : null));
        return new TrainingResult(TrainingOutcome.Cancelled, progress.Step, null);
    }

    private TrainingResult Fail(int step, string reason)
    {
        sink.Emit(new RunFailed(DateTimeOffset.UtcNow, step, reason, lastCheckpoint));
        return new TrainingResult(TrainingOutcome.Failed, step, reason);
    }

    private static bool Every(int interval, int step) => interval > 0 && step > 0 && step % interval == 0;

    private static string Describe(Exception e) =>
        e is CheckpointException or DatasetException or DeviceUnavailableException or TorchUnavailableException
            ? e.Message
            : $"{e.GetType().Name}: {e.Message}";
}
