using System.Text.Json;
using System.Threading.Channels;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Engine.Training.Events;
using Lewel.Web.Runs;

namespace Lewel.Web.Jobs;

/// <summary>The observer a job hands to the engine. <see cref="OnEvent"/> only queues the event (the training thread
/// never waits for the database); a background loop turns queued events into store rows every
/// <see cref="RecorderOptions.FlushInterval"/>, writes them in one transaction, then publishes them to the
/// <see cref="RunNotifier"/>, so what subscribers see is always already stored. Each flush is also the run's
/// heartbeat and the moment a cancel request stored by another process is noticed.</summary>
public sealed class RunRecorder : ITrainingObserver, IAsyncDisposable
{
    private readonly long runId;
    private readonly string relativeRunDir;
    private readonly string runDirectory;
    private readonly RunBatchWriter writer;
    private readonly RunStore runs;
    private readonly RunNotifier notifier;
    private readonly Action onCancelRequested;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<TrainingEvent> events = Channel.CreateUnbounded<TrainingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource completeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PeriodicTimer timer;
    private readonly Task loop;
    private const int MaxFinalAttempts = 5;
    private Pending pending;
    private int lastStep, lastEpoch, totalSteps;

    public RunRecorder(long runId, string relativeRunDir, DataDirectory dataDirectory, RunBatchWriter writer, RunStore runs,
        RunNotifier notifier, Action onCancelRequested, RecorderOptions options, TimeProvider time, ILogger logger)
    {
        this.runId = runId;
        this.relativeRunDir = relativeRunDir;
        runDirectory = dataDirectory.Resolve(relativeRunDir);
        this.writer = writer;
        this.runs = runs;
        this.notifier = notifier;
        this.onCancelRequested = onCancelRequested;
        this.time = time;
        this.logger = logger;
        pending = new Pending(runId);
        timer = new PeriodicTimer(options.FlushInterval, time);
        loop = Task.Run(RunLoopAsync);
    }

    /// <summary>The last step the engine reported (also after a failure, for the error record).</summary>
    public int LastStep => Volatile.Read(ref lastStep);

    public void OnEvent(TrainingEvent e)
    {
        if (e is StepCompleted s) Volatile.Write(ref lastStep, s.Step);
        events.Writer.TryWrite(e);
    }

    /// <summary>Stores and publishes everything queued so far, then stops the loop.</summary>
    public async Task CompleteAsync()
    {
        events.Writer.TryComplete();
        completeRequested.TrySetResult();
        await loop;
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync();
        timer.Dispose();
    }

    private async Task RunLoopAsync()
    {
        var tick = timer.WaitForNextTickAsync().AsTask();
        while (true)
        {
            await Task.WhenAny(tick, completeRequested.Task);
            if (tick.IsCompleted) tick = timer.WaitForNextTickAsync().AsTask();
            var finishing = completeRequested.Task.IsCompleted;
            await DrainAsync();
            await FlushAsync(retryUntilStored: finishing);
            if (finishing) return;
        }
    }

    private async Task DrainAsync()
    {
        while (events.Reader.TryRead(out var e))
        {
            try
            {
                await HandleAsync(e);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Run {RunId}: could not record {Event}", runId, e.GetType().Name);
            }
        }
    }

    private async Task HandleAsync(TrainingEvent e)
    {
        var now = e.Time.UtcDateTime;
        switch (e)
        {
            case RunStarted started:
                totalSteps = started.TotalSteps;
                if (started.StartStep > 0) await RecordResumeAsync(started.StartStep);
                pending.Logs.Add(new LogLineDto(now, "info",
                    $"training {started.MethodDescription} on {started.Device}: steps {started.StartStep}→{started.TotalSteps}"));
                break;
            case StepCompleted s:
                lastEpoch = s.Epoch;
                AddMetric(MetricNames.Loss, s.Step, s.Loss, now);
                AddMetric(MetricNames.LossGlobal, s.Step, s.LossGlobal, now);
                if (s.LossAligned is { } aligned) AddMetric(MetricNames.LossAligned, s.Step, aligned, now);
                AddMetric(MetricNames.LearningRate, s.Step, s.LearningRate, now);
                AddMetric(MetricNames.Momentum, s.Step, s.Momentum, now);
                AddMetric(MetricNames.ImagesPerSecond, s.Step, s.ImagesPerSecond, now);
                AddMetric(MetricNames.DataWaitSeconds, s.Step, s.DataWaitSeconds, now);
                AddMetric(MetricNames.ComputeSeconds, s.Step, s.ComputeSeconds, now);
                break;
            case HealthReport h:
                AddMetric(MetricNames.EmbeddingStd, h.Step, h.EmbeddingStd, now);
                AddMetric(MetricNames.ExpectedStd, h.Step, h.ExpectedStd, now);
                if (h.MapEntropyRatio is { } entropy) AddMetric(MetricNames.MapEntropyRatio, h.Step, entropy, now);
                AddMetric(MetricNames.CollapseWarning, h.Step, h.CollapseWarning ? 1 : 0, now);
                if (h.Warning is { Length: > 0 } warning) pending.Logs.Add(new LogLineDto(now, "warning", $"step {h.Step}: {warning}"));
                break;
            case RankReport r:
                AddMetric(MetricNames.RankMe, r.Step, r.RankMe, now);
                AddMetric(MetricNames.RankMeMax, r.Step, r.MaxRank, now);
                AddMetric(MetricNames.LowRankWarning, r.Step, r.LowRankWarning ? 1 : 0, now);
                if (r.Warning is { Length: > 0 } rankWarning) pending.Logs.Add(new LogLineDto(now, "warning", $"step {r.Step}: {rankWarning}"));
                break;
            case EpochCompleted epoch:
                lastEpoch = epoch.Epoch;
                AddMetric(MetricNames.EpochMeanLoss, epoch.Step, epoch.MeanLoss, now);
                break;
            case EvaluationCompleted eval:
                pending.Batch.Evaluations.Add(new EvaluationResult(runId, eval.Protocol, JsonSerializer.Serialize(eval.Parameters, RunJson.Options),
                    JsonSerializer.Serialize(eval.Values, RunJson.Options), eval.Step, eval.Epoch, null, eval.WallSeconds, now));
                foreach (var (name, value) in eval.Values) AddMetric(MetricNames.Evaluation(eval.Protocol, name), eval.Step, value, now);
                break;
            case MapSnapshot m:
                pending.Batch.Snapshots.Add(new MapSnapshotRecord(runId, m.Step, m.ProbeIndex, m.DatasetIndex, m.NumHeads,
                    m.HeadPngPaths.Select(ToDataRelative), ToDataRelative(m.OriginalPngPath), ToDataRelative(m.View1PngPath),
                    ToDataRelative(m.View2PngPath), ToDataRelative(m.RawMapsPath), m.View1Box, m.View2Box, m.View1Flipped,
                    m.View2Flipped, now));
                break;
            case CheckpointWritten c:
                pending.Batch.Checkpoints.Add(new CheckpointRecord(runId, ToDataRelative(c.Path), c.Step, c.Bytes, now));
                break;
            case LogMessage log:
                pending.Logs.Add(new LogLineDto(now, log.Level, log.Text));
                break;
            case RunFailed failed:
                pending.Logs.Add(new LogLineDto(now, "error", $"step {failed.Step}: {failed.Reason}"));
                break;
            case RunCancelled cancelled:
                pending.Logs.Add(new LogLineDto(now, "info", $"stopped at step {cancelled.Step}"));
                break;
            case RunFinished finished:
                pending.Logs.Add(new LogLineDto(now, "info", $"finished at step {finished.Step} in {finished.WallSeconds:F1} s, loss {finished.FinalLoss:G4}"));
                break;
        }
    }

    /// <summary>The engine continues from a checkpoint: what the lost execution stored after it is dropped first, so
    /// the repeated steps are neither duplicated nor mixed with the old ones.</summary>
    private async Task RecordResumeAsync(int startStep)
    {
        await FlushAsync(retryUntilStored: true);
        await writer.ForgetAfterStepAsync(runId, startStep);
        await BackfillAsync(startStep);
        var run = await runs.UpdateAsync(runId, (r, now) => r.RecordResume(startStep, now));
        await notifier.PublishAsync(new RunStatusChanged(runId, run.Status, startStep, run.TotalSteps, null, $"resumed at step {startStep}"));
    }

    /// <summary>A process killed between a checkpoint and the next flush took its last steps' rows with it: the steps
    /// the store lacks up to the checkpoint are taken from the run directory's metrics.jsonl, which the child wrote
    /// line by line, so every step is stored exactly once.</summary>
    private async Task BackfillAsync(int startStep)
    {
        var stored = await writer.LastStepAsync(runId, MetricNames.Loss);
        var path = Path.Combine(runDirectory, Engine.Training.RunDirectory.MetricsFile);
        if (stored >= startStep || !File.Exists(path)) return;
        var now = time.GetUtcNow();
        var recovered = 0;
        foreach (var text in await File.ReadAllLinesAsync(path))
        {
            if (text.Length == 0) continue;
            StepCompleted step;
            try { step = Engine.Training.RunDirectoryWriter.ParseMetricsLine(text, now); }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NullReferenceException) { continue; }
            if (step.Step <= stored || step.Step > startStep) continue;
            await HandleAsync(step);
            recovered++;
        }
        if (recovered == 0) return;
        pending.Logs.Add(new LogLineDto(now.UtcDateTime, "info", $"{recovered} step(s) up to the checkpoint at step {startStep} were recovered from {Engine.Training.RunDirectory.MetricsFile}"));
        await FlushAsync(retryUntilStored: true);
    }

    private void AddMetric(string name, int step, double value, DateTime now)
    {
        pending.Batch.Metrics.Add(new MetricSample(name, step, lastEpoch, value, now));
        if (step > pending.MaxStep) pending.MaxStep = step;
    }

    private async Task FlushAsync(bool retryUntilStored)
    {
        var current = pending;
        current.Batch.Progress = (Math.Max(current.MaxStep, LastStep), totalSteps);
        bool cancelRequested;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                cancelRequested = await writer.WriteAsync(current.Batch, time.GetUtcNow().UtcDateTime);
                break;
            }
            catch (Exception e)
            {
                if (!retryUntilStored)
                {
                    // Kept in pending: the next tick writes it together with the newer rows.
                    logger.LogWarning(e, "Run {RunId}: storing {Count} metric rows failed; retrying at the next flush", runId, current.Batch.Metrics.Count);
                    return;
                }
                if (attempt == MaxFinalAttempts)
                {
                    logger.LogError(e, "Run {RunId}: giving up on storing the last {Count} metric rows", runId, current.Batch.Metrics.Count);
                    pending = new Pending(runId);
                    return;
                }
                await Task.Delay(200 * attempt);
            }
        }
        pending = new Pending(runId);
        try
        {
            await PublishAsync(current);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Run {RunId}: publishing stored updates failed", runId);
        }
        if (cancelRequested) onCancelRequested();
    }

    private async Task PublishAsync(Pending stored)
    {
        var progress = stored.Batch.Progress!.Value;
        if (stored.Batch.Metrics.Count > 0)
        {
            await notifier.PublishAsync(new MetricsAppended(runId, progress.Step, progress.TotalSteps,
                [.. stored.Batch.Metrics.Select(m => new MetricPointDto(m.Name, m.Step, m.Epoch, m.Value, m.Time))]));
        }
        foreach (var snapshot in stored.Batch.Snapshots) await notifier.PublishAsync(new SnapshotAdded(runId, MapSnapshotDto.From(snapshot)));
        foreach (var evaluation in stored.Batch.Evaluations) await notifier.PublishAsync(new EvaluationAdded(runId, EvaluationDto.From(evaluation)));
        foreach (var checkpoint in stored.Batch.Checkpoints) await notifier.PublishAsync(new CheckpointAdded(runId, CheckpointDto.From(checkpoint)));
        if (stored.Logs.Count > 0) await notifier.PublishAsync(new LogLinesAppended(runId, [.. stored.Logs]));
    }

    /// <summary>Engine paths are relative to the run directory (absolute ones inside it are accepted); the store keeps
    /// them relative to the data directory.</summary>
    private string ToDataRelative(string path)
    {
        var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(runDirectory, path) : path;
        return DataDirectory.RunRelativeToDataRelative(relativeRunDir, relative.Replace('\\', '/'));
    }

    private sealed class Pending(long runId)
    {
        public RunBatch Batch { get; } = new(runId);
        public List<LogLineDto> Logs { get; } = [];
        public int MaxStep { get; set; }
    }
}

/// <summary>How often a running job stores and publishes what it has (<c>Lewel:FlushIntervalMs</c>).</summary>
public sealed record RecorderOptions(TimeSpan FlushInterval)
{
    public static readonly RecorderOptions Default = new(TimeSpan.FromMilliseconds(500));
}
