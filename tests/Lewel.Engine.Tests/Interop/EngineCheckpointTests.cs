using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Inspection;
using Lewel.Engine.Interop;
using Lewel.Engine.Methods;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

[Collection(SerialTorchCollection.Name)]
public class EngineCheckpointTests
{
    [Fact]
    public void Load_TrainingCheckpointOfLewelB_GivesTheMethodsOwnFeaturesAndMaps()
    {
        using var dir = new TempDirectory();
        manual_seed(21);
        var config = TinyConfigs.For(MethodIds.LewelB) with { Lewel = new LewelConfig { NumHeads = 2, Scale = 0.5 } };
        using var method = MethodFactory.Create(config, CPU);
        TrainOneStep(method, config);
        var path = WriteCheckpoint(dir, method, config);

        using var model = CheckpointModel.Load(dir.Path);  // a run directory resolves to its final checkpoint
        Assert.Equal(path, model.Source);
        Assert.Same(CheckpointLayout.Engine, model.Layout);
        Assert.Equal(2, model.Neck!.NumHeads);              // M and s come from the stored run config
        Assert.Equal(0.5, model.Neck.Scale);
        Assert.Equal(TinyConfigs.ImageSize, model.InputSize);

        TestImages.WriteNoisePng(dir.File("probe.png"), 16, 16, seed: 4);
        var normalization = new InputNormalization([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]);
        var inspection = MapInspector.Inspect(model, dir.File("probe.png"), 16, normalization);
        using var scope = NewDisposeScope();
        var image = normalization.Apply(tensor(inspection.InputRgb, [1, 16, 16, 3]).permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f));
        var maps = method.AlignmentMaps(image)!.flatten().data<float>().ToArray();
        var features = method.Features(image).flatten().data<float>().ToArray();
        Assert.Equal(maps.Length, inspection.AlignmentMaps.Length);
        for (var i = 0; i < maps.Length; i++) Assert.Equal(maps[i], inspection.AlignmentMaps[i], 6);
        for (var i = 0; i < features.Length; i++) Assert.Equal(features[i], inspection.BackboneFeaturesPooled[i], 5);
    }

    [Fact]
    public void Load_TrainingCheckpointOfByol_HasABackboneButNoMaps()
    {
        using var dir = new TempDirectory();
        manual_seed(22);
        var config = TinyConfigs.For(MethodIds.Byol);
        using var method = MethodFactory.Create(config, CPU);
        WriteCheckpoint(dir, method, config);
        using var model = CheckpointModel.Load(dir.Path);
        Assert.Null(model.Neck);
        var error = Assert.Throws<InvalidOperationException>(() =>
            MapInspector.Inspect(model, new byte[16 * 16 * 3], 16, 16, 16, InputNormalization.ImageNet));
        Assert.Contains("no LEWEL neck", error.Message);
    }

    [Fact]
    public void Resolve_EmptyDirectory_SaysThereIsNoCheckpoint()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CheckpointException>(() => CheckpointPaths.Resolve(dir.Path));
        Assert.Contains("no checkpoint", error.Message);
    }

    private static void TrainOneStep(IPretrainMethod method, RunConfig config)
    {
        using var optimizer = OptimizerFactory.Create(config, method);
        optimizer.LearningRate = 0.05;
        using var scope = NewDisposeScope();
        optimizer.ZeroGrad();
        method.Loss(TinyConfigs.Images(), TinyConfigs.Images()).Total.backward();
        optimizer.Step();
        method.AfterOptimizerStep(0.9);
    }

    private static string WriteCheckpoint(TempDirectory dir, IPretrainMethod method, RunConfig config)
    {
        using var optimizer = OptimizerFactory.Create(config, method);
        var store = new CheckpointStore(Path.Combine(dir.Path, "checkpoints"));
        var metadata = new CheckpointMetadata
        {
            Step = 1, Epoch = 0, BatchInEpoch = 1, TotalSteps = 1, StepsPerEpoch = 1, MethodId = method.Id,
            MethodDescription = method.Description, Optimizer = optimizer.Name, Final = true, Config = config,
        };
        return store.Write(metadata, method.Root, optimizer).Path;
    }
}
