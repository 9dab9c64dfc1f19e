using System.Globalization;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;

namespace Lewel.Bench.Engine;

/// <summary>The engine configuration for a benchmark configuration (the method's "small" preset with the benchmark's
/// backbone width, image size and batch), and the PyTorch reference's arguments for exactly the same step.</summary>
public static class BenchRunConfigs
{
    /// <param name="heads">Projector/predictor sizes; null keeps the preset's (hidden 4,096 or 2,048, K = 256).</param>
    public static RunConfig For(string method, BenchConfig config, int threads, int steps, HeadConfig? heads = null)
    {
        var preset = Presets.For(method, Presets.Small);
        return preset with
        {
            Name = $"bench {method} {config.Name}",
            Backbone = config.Backbone,
            Width = config.Width,
            ImageSize = config.ImageSize,
            Stem = config.Stem,
            BatchSize = config.BatchSize,
            Dataset = $"shapes:size={config.ImageSize},n={Math.Max(config.BatchSize * 2, 256)},seed=1",
            Device = "cpu",
            Threads = threads,
            Steps = steps,
            Epochs = null,
            Heads = heads ?? preset.Heads,
            // A benchmark's few steps time the step, not the schedule; the preset's 10 warm-up epochs would outlast
            // the run, which the validator refuses.
            Schedule = preset.Schedule with { WarmupEpochs = 0 },
        };
    }

    public static IReadOnlyList<string> ReferenceArguments(RunConfig run, int warmup, int steps, string label)
    {
        static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--method", run.Method, "--arch", run.Backbone, "--width", F(run.Width), "--stem", run.Stem,
            "--stem-padding", I(run.StemPadding), "--interpolation", run.Augmentation.View1.Interpolation,
            "--batch", I(run.BatchSize), "--image-size", I(run.ImageSize),
            "--proj-hidden", I(run.Heads.ProjectorHidden), "--pred-hidden", I(run.Heads.PredictorHidden), "--dim", I(run.Heads.Dim),
            "--num-heads", I(run.Lewel.NumHeads), "--base-lr", F(run.Optimizer.BaseLr), "--weight-decay", F(run.Optimizer.WeightDecay),
            "--warmup", I(warmup), "--steps", I(steps), "--threads", I(run.Threads), "--device", "cpu", "--label", label,
        ];
    }
}
