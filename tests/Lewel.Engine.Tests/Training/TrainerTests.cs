using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Tests.Training.Fakes;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using TorchSharp;

namespace Lewel.Engine.Tests.Training;

[Collection(SerialTorchCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly TempRunRoot temp = new();

    public void Dispose() => temp.Dispose();

    private static (TrainingResult Result, RecordingObserver Events) Train(RunConfig config, string runDir,
        TrainingParts? parts = null, Func<TrainingEvent, bool>? cancelWhen = null)
    {
        using var cancellation = new CancellationTokenSource();
        using var writer = new RunDirectoryWriter(runDir);
        var events = new RecordingObserver(e =>
        {
            writer.OnEvent(e);
            if (cancelWhen?.Invoke(e) == true) cancellation.Cancel();
        });
        var result = new Trainer(parts ?? FakeParts.Create()).Run(config, runDir, events, cancellation.Token);
        return (result, events);
    }

    [Fact]
    public void Run_FreshRun_ReportsEveryStepAndFinishesWithAFinalCheckpoint()
    {
        var dir = temp.Run("fresh");
        var (result, events) = Train(FakeParts.Config(steps: 6), dir);

        Assert.Equal(new TrainingResult(TrainingOutcome.Finished, 6, null), result);
        Assert.IsType<RunStarted>(events.Events.First(e => e is not LogMessage));
        Assert.IsType<RunFinished>(events.Events[^1]);
        var steps = events.Of<StepCompleted>().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], steps.Select(s => s.Step));
        Assert.Equal([0, 0, 0, 0, 1, 1], steps.Select(s => s.Epoch));
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.LossAligned is not null && s.ImagesPerSecond > 0));
        Assert.Equal(0.05, steps[0].LearningRate, 12); // 1.6 × batch 8 / 256, no warm-up
        Assert.True(steps[^1].LearningRate < steps[0].LearningRate);
        Assert.Equal([2, 4, 6], events.Of<CheckpointWritten>().Select(c => c.Step));
        Assert.Equal(CheckpointStore.KeepLast, new CheckpointStore(Path.Combine(dir, "checkpoints")).List().Count);
        Assert.True(TrainingCheckpoint.ReadMetadata(Path.Combine(dir, "checkpoints", "step0000006.ckpt")).Final);
        Assert.Equal(FakeParts.Config(steps: 6).ToJson(), File.ReadAllText(Path.Combine(dir, "config.json")).TrimEnd());
        var epoch = Assert.Single(events.Of<EpochCompleted>());
        Assert.Equal(steps.Take(4).Average(s => s.Loss), epoch.MeanLoss, 12);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
    }

    [Fact]
    public void Run_ResumedAfterCancellingAtStep5_ReproducesTheUninterruptedRunExactly()
    {
        var config = FakeParts.Config(steps: 8);
        var (straight, straightEvents) = Train(config, temp.Run("straight"));
        Assert.Equal(TrainingOutcome.Finished, straight.Outcome);

        var split = temp.Run("split");
        var (first, firstEvents) = Train(config, split, cancelWhen: e => e is StepCompleted { Step: 5 });
        Assert.Equal(new TrainingResult(TrainingOutcome.Cancelled, 5, null), first);
        var cancelled = Assert.Single(firstEvents.Of<RunCancelled>());
        Assert.Equal("checkpoints/step0000005.ckpt", cancelled.CheckpointPath);

        var (second, secondEvents) = Train(config with { Seed = 99, BatchSize = 4 }, split); // ignored: the saved config wins
        Assert.Equal(new TrainingResult(TrainingOutcome.Finished, 8, null), second);
        Assert.Equal(5, Assert.Single(secondEvents.Of<RunStarted>()).StartStep);

        var expected = straightEvents.Of<StepCompleted>().Select(Comparable).ToList();
        var resumed = firstEvents.Of<StepCompleted>().Concat(secondEvents.Of<StepCompleted>()).Select(Comparable).ToList();
        Assert.Equal(expected, resumed);
        Assert.Equal(straightEvents.Of<EpochCompleted>().Select(e => (e.Epoch, e.MeanLoss)),
            firstEvents.Of<EpochCompleted>().Concat(secondEvents.Of<EpochCompleted>()).Select(e => (e.Epoch, e.MeanLoss)));
        Assert.Equal(File.ReadAllLines(Path.Combine(temp.Run("straight"), "metrics.jsonl")).Select(LossPart),
            File.ReadAllLines(Path.Combine(split, "metrics.jsonl")).Select(LossPart));
    }

    private static (int, int, double, double, double?, double, double) Comparable(StepCompleted s) =>
        (s.Step, s.Epoch, s.Loss, s.LossGlobal, s.LossAligned, s.LearningRate, s.Momentum);

    private static string LossPart(string metricsLine) => metricsLine[..metricsLine.IndexOf("\"img_per_s\"", StringComparison.Ordinal)];

    [Fact]
    public void Run_NonFiniteLoss_FailsNamingTheStepAndTermAndKeepsTheLastGoodCheckpoint()
    {
        var dir = temp.Run("nan");
        var parts = FakeParts.Create(device => new TinyMethod(device, nanAtCall: 3));
        var (result, events) = Train(FakeParts.Config(steps: 6), dir, parts);

        Assert.Equal(TrainingOutcome.Failed, result.Outcome);
        Assert.Equal(3, result.Step);
        var failed = Assert.Single(events.Of<RunFailed>());
        Assert.Contains("step 3", failed.Reason);
        Assert.Contains("loss_global = NaN", failed.Reason);
        Assert.Equal("checkpoints/step0000002.ckpt", failed.LastCheckpointPath);
        Assert.Equal([1, 2], events.Of<StepCompleted>().Select(s => s.Step));
        Assert.Equal([2], events.Of<CheckpointWritten>().Select(c => c.Step));
        Assert.Equal([Path.Combine(dir, "checkpoints", "step0000002.ckpt")], new CheckpointStore(Path.Combine(dir, "checkpoints")).List());
        Assert.Contains("\"outcome\": \"failed\"", File.ReadAllText(Path.Combine(dir, "summary.json")));
    }

    /// <summary>Counts every live tensor of the process (the pair loader builds batches on its own thread) at two steps in
    /// the same position of their epochs, so the loader's prefetch queue holds the same batches; checkpoints, health
    /// reports and snapshots run every 4 steps in between.</summary>
    [Fact]
    public void Run_ThirtySteps_KeepsTheNumberOfLiveTensorsFlat()
    {
        var live = new Dictionary<int, long>();
        var config = FakeParts.Config(steps: 30) with
        {
            Monitor = FakeParts.Config().Monitor with { CheckpointEverySteps = 4, HealthEverySteps = 4, SnapshotEverySteps = 4 },
        };
        var (result, _) = Train(config, temp.Run("memory"), cancelWhen: e =>
        {
            if (e is StepCompleted { Step: 12 or 28 } s) live[s.Step] = torch.Tensor.TotalCount;
            return false;
        });

        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.True(live[28] <= live[12], $"{live[28] - live[12]} more live tensors at step 28 than at step 12");
    }

    [Fact]
    public void Run_InvalidConfig_ThrowsNamingTheFieldBeforeWritingAnything()
    {
        var dir = temp.Run("invalid");
        var error = Assert.Throws<ConfigException>(() => Train(FakeParts.Config() with { BatchSize = 0 }, dir));
        Assert.Equal("batchSize", Assert.Single(error.Errors).Path);
        Assert.False(File.Exists(Path.Combine(dir, "config.json")));
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoints")));
    }

    [Fact]
    public void Run_BatchLargerThanTheTrainingSet_IsAConfigErrorNamingBatchSize()
    {
        var error = Assert.Throws<ConfigException>(() => Train(FakeParts.Config() with { BatchSize = 64 }, temp.Run("big-batch")));
        var field = Assert.Single(error.Errors);
        Assert.Equal("batchSize", field.Path);
        Assert.Contains("32 images", field.Message);
    }

    [Fact]
    public void Run_CancelledBeforeTheFirstStep_WritesNoCheckpoint()
    {
        var dir = temp.Run("cancel-early");
        var (result, events) = Train(FakeParts.Config(), dir, cancelWhen: e => e is RunStarted);
        Assert.Equal(new TrainingResult(TrainingOutcome.Cancelled, 0, null), result);
        Assert.Null(Assert.Single(events.Of<RunCancelled>()).CheckpointPath);
        Assert.Empty(events.Of<StepCompleted>());
    }

    [Fact]
    public void Run_ObserverThatThrows_DoesNotStopTheRun()
    {
        var observer = new RecordingObserver(e => { if (e is StepCompleted { Step: 2 }) throw new InvalidOperationException("display broke"); });
        var result = new Trainer(FakeParts.Create()).Run(FakeParts.Config(steps: 3), temp.Run("observer"), observer, CancellationToken.None);
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.Contains(observer.Of<LogMessage>(), m => m.Level == "warning" && m.Text.Contains("display broke"));
    }

    [Fact]
    public void Run_EndOfEachEpoch_InvokesTheEvaluatorsInTrainMode()
    {
        var evaluator = new CountingEvaluator();
        var parts = FakeParts.Create() with { EpochEvaluators = [evaluator] };
        var (result, events) = Train(FakeParts.Config(steps: 8), temp.Run("evaluators"), parts);

        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.Equal([(0, 4), (1, 8)], evaluator.Calls);
        Assert.Equal([0, 1], events.Of<EvaluationCompleted>().Select(e => e.Epoch));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(temp.Run("evaluators"), "evaluations.jsonl")).Length);
    }

    private sealed class CountingEvaluator : IEpochEvaluator
    {
        public List<(int Epoch, int Step)> Calls { get; } = [];

        public IReadOnlyList<TrainingEvent> Evaluate(EpochEvaluationContext context)
        {
            Calls.Add((context.Epoch, context.Step));
            using var features = context.Method.Features(torch.zeros(2, 3, FakeParts.ImageSize, FakeParts.ImageSize));
            return [new EvaluationCompleted(DateTimeOffset.UtcNow, context.Step, context.Epoch, "count",
                new Dictionary<string, string> { ["dim"] = features.shape[1].ToString() }, new Dictionary<string, double> { ["calls"] = Calls.Count }, 0)];
        }
    }

    [Fact]
    public void Run_HealthEveryTwoSteps_ReportsEmbeddingStdAndMapEntropy()
    {
        var (_, events) = Train(FakeParts.Config(steps: 6), temp.Run("health"));
        var reports = events.Of<HealthReport>().ToList();
        Assert.Equal([2, 4, 6], reports.Select(r => r.Step));
        Assert.All(reports, r =>
        {
            Assert.Equal(1 / Math.Sqrt(TinyMethod.MapCount), r.ExpectedStd, 12);
            Assert.InRange(r.EmbeddingStd, 1e-4, 1.0);
            Assert.InRange(r.MapEntropyRatio!.Value, 0.5, 1.0);
        });
        Assert.Equal(3, File.ReadAllLines(Path.Combine(temp.Run("health"), "health.jsonl")).Length);
    }

    [Fact]
    public void Run_NewestCheckpointCorrupt_ResumesFromTheOlderOneWithAWarning()
    {
        var dir = temp.Run("corrupt");
        var config = FakeParts.Config(steps: 6);
        Train(config, dir, cancelWhen: e => e is StepCompleted { Step: 5 });
        var newest = Path.Combine(dir, "checkpoints", "step0000005.ckpt");
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(newest, bytes);

        var (result, events) = Train(config, dir);

        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.Equal(4, Assert.Single(events.Of<RunStarted>()).StartStep);
        var warning = Assert.Single(events.Of<LogMessage>(), m => m.Level == "warning");
        Assert.Contains("step0000005.ckpt", warning.Text);
        Assert.Contains("checksum", warning.Text);
        Assert.Contains("falling back to step0000004.ckpt", warning.Text);
        Assert.Equal([5, 6], events.Of<StepCompleted>().Select(s => s.Step));
        Assert.Equal([1, 2, 3, 4, 5, 6], File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["step"]!.GetValue<int>()));
    }
}
