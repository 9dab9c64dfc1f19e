using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Training.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Checkpoints;

[Collection(SerialTorchCollection.Name)]
public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"lewel-checkpoints-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static Sequential Model(int hidden = 6) =>
        nn.Sequential(("fc", nn.Linear(4, hidden)), ("bn", nn.BatchNorm1d(hidden)), ("out", nn.Linear(hidden, 2)));

    private static IPretrainOptimizer Sgd(nn.Module model) =>
        new Sgd(ParameterGroup.Split(model.named_parameters().ToList(), 1e-4, excludeBiasAndNorm: true), 0.1, 0.9);

    private static void TrainStep(nn.Module<Tensor, Tensor> model, IPretrainOptimizer optimizer, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed, CPU);
        optimizer.ZeroGrad();
        model.call(randn([8, 4], generator: generator)).square().mean().backward();
        optimizer.Step();
    }

    private static CheckpointMetadata Metadata(int step, bool final = false) => new()
    {
        Step = step, Epoch = step / 4, BatchInEpoch = step % 4, TotalSteps = 20, StepsPerEpoch = 4,
        MethodId = "test", MethodDescription = "test", Optimizer = OptimizerIds.Sgd, Final = final, Config = new RunConfig(),
    };

    [Fact]
    public void Restore_IntoFreshModelAndOptimiser_ContinuesExactlyLikeTheOriginal()
    {
        var path = Path.Combine(directory, "a.ckpt");
        using var original = Model();
        using var originalOptimizer = Sgd(original);
        TrainStep(original, originalOptimizer, 1);
        TrainStep(original, originalOptimizer, 2);
        manual_seed(123);
        TrainingCheckpoint.Write(path, Metadata(2), original, originalOptimizer);
        using var expectedDraw = rand(5);

        using var restored = Model();
        using var restoredOptimizer = Sgd(restored);
        manual_seed(999);
        var metadata = TrainingCheckpoint.Restore(path, restored, restoredOptimizer);
        using var restoredDraw = rand(5);

        Assert.Equal(2, metadata.Step);
        Assert.True(expectedDraw.equal(restoredDraw).all().item<bool>(), "the CPU generator was not restored");
        TrainStep(original, originalOptimizer, 3);
        TrainStep(restored, restoredOptimizer, 3);
        foreach (var (name, tensor) in original.state_dict())
            Assert.True(tensor.equal(restored.state_dict()[name]).all().item<bool>(), $"{name} differs after one more step");
    }

    [Fact]
    public void Restore_IntoAModelOfAnotherShape_NamesTheMismatchedKeys()
    {
        var path = Path.Combine(directory, "b.ckpt");
        using var model = Model();
        using var optimizer = Sgd(model);
        TrainingCheckpoint.Write(path, Metadata(1), model, optimizer);

        using var other = Model(hidden: 5);
        using var otherOptimizer = Sgd(other);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Restore(path, other, otherOptimizer));
        Assert.Contains("fc.weight is Float32[6, 4] but the model has Float32[5, 4]", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Restore_WithAnotherOptimiser_IsRefused()
    {
        var path = Path.Combine(directory, "c.ckpt");
        using var model = Model();
        using var optimizer = Sgd(model);
        TrainingCheckpoint.Write(path, Metadata(1), model, optimizer);

        using var lars = new Lars(ParameterGroup.Split(model.named_parameters().ToList(), 0, true), 0.1, 0.9, 0.02, clipLr: true);
        Assert.Contains("the run uses lars", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Restore(path, model, lars)).Message);
    }

    [Fact]
    public void Store_ManyCheckpoints_KeepsTheNewestThreeAndTheFinal()
    {
        var store = new CheckpointStore(directory);
        using var model = Model();
        using var optimizer = Sgd(model);
        store.Write(Metadata(4, final: true), model, optimizer);
        foreach (var step in new[] { 5, 6, 7, 8 }) store.Write(Metadata(step), model, optimizer);

        Assert.Equal([8, 7, 6, 4], store.List().Select(p => int.Parse(Path.GetFileName(p)[4..11])));
        Assert.Equal("step0000008.ckpt", File.ReadAllText(Path.Combine(directory, "latest")).Trim());
        Assert.Equal("step0000004.ckpt", File.ReadAllText(Path.Combine(directory, "final")).Trim());
    }

    [Fact]
    public void Store_LeftoverTemporaryFile_IsIgnoredAndCleanedUp()
    {
        var store = new CheckpointStore(directory);
        using var model = Model();
        using var optimizer = Sgd(model);
        Directory.CreateDirectory(directory);
        var leftover = Path.Combine(directory, ".step0000009.ckpt.0123" + AtomicFile.TempSuffix);
        File.WriteAllText(leftover, "half a checkpoint");
        Assert.Empty(store.List());

        store.Write(Metadata(1), model, optimizer);
        Assert.False(File.Exists(leftover));
        Assert.Single(store.List());
    }

    [Fact]
    public void RestoreNewest_AllUnreadable_ThrowsAfterWarningAboutEach()
    {
        var store = new CheckpointStore(directory);
        using var model = Model();
        using var optimizer = Sgd(model);
        store.Write(Metadata(1), model, optimizer);
        store.Write(Metadata(2), model, optimizer);
        foreach (var file in store.List()) File.WriteAllBytes(file, File.ReadAllBytes(file)[..100]);

        var warnings = new List<string>();
        var error = Assert.Throws<CheckpointException>(() => store.RestoreNewest(model, optimizer, warnings.Add));
        Assert.Equal(2, warnings.Count);
        Assert.Contains("falling back to step0000001.ckpt", warnings[0]);
        Assert.Contains("no older checkpoint is left", warnings[1]);
        Assert.Contains("none of the 2 checkpoint(s) could be read", error.Message);
    }

    [Fact]
    public void RestoreNewest_EmptyFolder_ReturnsNull()
    {
        using var model = Model();
        using var optimizer = Sgd(model);
        Assert.Null(new CheckpointStore(directory).RestoreNewest(model, optimizer, _ => Assert.Fail("no warning expected")));
    }
}
