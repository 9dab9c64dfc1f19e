using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Methods;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Optim;
using static TorchSharp.torch;

namespace Lewel.Engine.Studies;

/// <summary>Writes the network a run starts from as a step-0 final checkpoint in a run directory, so that the random
/// initialisation can be evaluated with the same protocols as a trained network. The generator is seeded with the
/// run's seed right before the method is built, as training does, so these are the very weights a run with this
/// configuration starts from.</summary>
public static class InitialCheckpoint
{
    public static string Write(RunConfig config, string runDir)
    {
        TorchRuntime.EnsureLoaded();
        var run = new RunDirectory(runDir);
        Directory.CreateDirectory(run.Root);
        run.WriteConfig(config);
        manual_seed(config.Seed);
        using var method = MethodFactory.Create(config, CPU);
        using var optimizer = OptimizerFactory.Create(config, method);
        var metadata = new CheckpointMetadata
        {
            Step = 0,
            Epoch = 0,
            BatchInEpoch = 0,
            TotalSteps = Math.Max(1, config.Steps ?? 1),
            StepsPerEpoch = 1,
            MethodId = method.Id,
            MethodDescription = method.Description + " at random initialisation",
            Optimizer = optimizer.Name,
            Final = true,
            Config = config,
        };
        return run.Checkpoints.Write(metadata, method.Root, optimizer).Path;
    }
}
