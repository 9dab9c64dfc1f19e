namespace Lewel.Web.Tests.TestSupport;

/// <summary>Launch bodies for tests: tiny runs (width 1/16 ResNet-18, 16 px shapes, batch 8).</summary>
public static class Configs
{
    public static Dictionary<string, object?> Tiny(string method = "lewel-b", int steps = 6, string? name = null,
        int checkpointEverySteps = 2, int snapshotEverySteps = 3) => new()
    {
        ["name"] = name ?? $"tiny {method}",
        ["method"] = method,
        ["dataset"] = "shapes:size=16,n=64,seed=3",
        ["width"] = 0.0625,
        ["imageSize"] = 16,
        ["steps"] = steps,
        ["batchSize"] = 8,
        ["device"] = "cpu",
        ["seed"] = 11,
        // One libtorch thread: tests run side by side on few cores, and a tiny network's steps on two threads that
        // share a core with another test's take 3× as long as on one.
        ["threads"] = 1,
        ["heads"] = new Dictionary<string, object> { ["projectorHidden"] = 32, ["dim"] = 16, ["predictorHidden"] = 32 },
        ["lewel"] = new Dictionary<string, object> { ["numHeads"] = 2 },
        ["moco"] = new Dictionary<string, object> { ["queueSize"] = 64, ["alignedQueueSize"] = 128 },
        // The preset's 10 warm-up epochs (80 steps here) would outlast these short runs, which the validator refuses.
        ["schedule"] = new Dictionary<string, object> { ["warmupEpochs"] = 0 },
        ["monitor"] = new Dictionary<string, object>
        {
            ["knnEveryEpochs"] = 0, ["probeIndices"] = new[] { 0, 1 }, ["snapshotEverySteps"] = snapshotEverySteps,
            ["checkpointEverySteps"] = checkpointEverySteps,
            ["healthEverySteps"] = 2,
        },
    };
}
