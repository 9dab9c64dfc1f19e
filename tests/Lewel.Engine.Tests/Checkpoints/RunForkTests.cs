using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Tests.Training;
using Lewel.Engine.Tests.Training.Fakes;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Tests.Checkpoints;

[Collection(SerialTorchCollection.Name)]
public sealed class RunForkTests : IDisposable
{
    private readonly TempRunRoot temp = new();

    public void Dispose() => temp.Dispose();

    private static RecordingObserver Train(RunConfig config, string runDir)
    {
        var events = new RecordingObserver();
        var result = new Trainer(FakeParts.Create()).Run(config, runDir, events, CancellationToken.None);
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        return events;
    }

    private (RunConfig Config, RecordingObserver Events, string Checkpoint) Parent()
    {
        var config = FakeParts.Config(steps: 8);
        var dir = temp.Run("parent");
        var events = Train(config, dir);
        return (config, events, Path.Combine(dir, "checkpoints", "step0000004.ckpt"));
    }

    private static (int, double, double, double?, double) Comparable(StepCompleted s) =>
        (s.Step, s.Loss, s.LossGlobal, s.LossAligned, s.LearningRate);

    [Fact]
    public void Fork_WithTheParentsConfig_ContinuesBitIdenticallyToTheParent()
    {
        var (config, parent, checkpoint) = Parent();
        var fork = temp.Run("fork");

        Assert.Equal(4, RunFork.Prepare(checkpoint, fork, RunFork.ApplyEdits(config, "{}")));
        var events = Train(config with { Seed = 42 }, fork); // the fork's config.json wins, as on any resume

        Assert.Equal(4, Assert.Single(events.Of<RunStarted>()).StartStep);
        Assert.Equal(parent.Of<StepCompleted>().Where(s => s.Step > 4).Select(Comparable), events.Of<StepCompleted>().Select(Comparable));
    }

    [Fact]
    public void Fork_WithADoubledLearningRate_DiffersFromTheParentFromStepNPlus1On()
    {
        var (config, parent, checkpoint) = Parent();
        var fork = temp.Run("fork-lr");
        var edited = RunFork.ApplyEdits(config, """{ "optimizer": { "baseLr": 3.2 } }""");
        Assert.Equal(3.2, edited.Optimizer.BaseLr);
        RunFork.Prepare(checkpoint, fork, edited);

        var forked = Train(edited, fork).Of<StepCompleted>().ToList();
        var original = parent.Of<StepCompleted>().Where(s => s.Step > 4).ToList();

        Assert.Equal([5, 6, 7, 8], forked.Select(s => s.Step));
        Assert.Equal(2 * original[0].LearningRate, forked[0].LearningRate, 12);
        Assert.Equal(original[0].Loss, forked[0].Loss); // step 5's loss is taken on the parent's weights of step 4
        Assert.All(forked.Zip(original).Skip(1), pair => Assert.NotEqual(pair.Second.Loss, pair.First.Loss));
    }

    [Theory]
    [InlineData("""{ "width": 0.5 }""", "width")]
    [InlineData("""{ "method": "byol" }""", "method")]
    [InlineData("""{ "lewel": { "numHeads": 8 } }""", "lewel.numHeads")]
    [InlineData("""{ "steps": 100 }""", "steps")]
    [InlineData("""{ "optimizer": { "lerningRate": 1 } }""", "optimizer.lerningRate")]
    public void ApplyEdits_ThatCannotContinueTheCheckpoint_AreRefusedNamingTheField(string edits, string field)
    {
        var error = Assert.Throws<ConfigException>(() => RunFork.ApplyEdits(FakeParts.Config(steps: 8), edits));
        Assert.Contains(error.Errors, e => e.Path == field);
    }

    [Fact]
    public void Prepare_IntoADirectoryWithCheckpoints_IsRefused()
    {
        var config = FakeParts.Config(steps: 8);
        var checkpoint = Path.Combine(temp.Path, "step0000004.ckpt"); // metadata only: Prepare copies, the fork's process restores
        var metadata = new CheckpointMetadata
        {
            Step = 4, Epoch = 1, BatchInEpoch = 0, TotalSteps = 8, StepsPerEpoch = 4, MethodId = config.Method, MethodDescription = config.Method,
            Optimizer = "sgd", Config = config,
        };
        AtomicFile.Write(checkpoint, stream => TensorArchive.Write(stream, System.Text.Json.JsonSerializer.Serialize(metadata, RunConfig.Json), [], []));
        var fork = temp.Run("twice");
        RunFork.Prepare(checkpoint, fork, config);
        var error = Assert.Throws<CheckpointException>(() => RunFork.Prepare(checkpoint, fork, config));
        Assert.Contains("already holds checkpoints", error.Message);
    }
}
