namespace Lewel.Engine.Config;

public static partial class Presets
{
    private const string QuickDescription = "minutes on a CPU: ResNet-18 ×1/8 on the plain shapes scene, tuned so that a first run visibly learns";

    /// <summary>The quick trial, for every method: the small recipe narrowed to a CPU, with the changes that made a run of
    /// a few CPU-minutes learn (RESULTS.md, "The quick trial").</summary>
    private static RunConfig QuickRecipe(string methodId)
    {
        var small = SmallRecipe(methodId);
        return small with
        {
            Preset = Quick,
            Dataset = "shapes:size=32,n=2048,seed=1,scene=plain",
            Width = 0.125,
            StemPadding = 1,
            Epochs = null,
            Steps = 300,
            BatchSize = 32,
            Heads = small.Heads with { ProjectorHidden = 512, Dim = 128, PredictorHidden = 512 },
            Moco = small.Moco with { QueueSize = 4096, AlignedQueueSteps = 32 },
            Schedule = small.Schedule with { WarmupEpochs = 0.5 },
            Monitor = small.Monitor with { SnapshotEverySteps = 25, CheckpointEverySteps = 100, HealthEverySteps = 10, KnnEveryEpochs = 1 },
        };
    }
}
