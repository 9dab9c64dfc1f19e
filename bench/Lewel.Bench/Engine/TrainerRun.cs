using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lewel.Bench.Measurement;
using Lewel.Engine.Config;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Bench.Engine;

/// <summary>A real pretraining run through <see cref="PretrainRunner"/> (generated <c>shapes</c> data, the pair loader's
/// background preparation, checkpoints and map snapshots as configured) in a temporary run directory, observed for
/// throughput, data wait and resident memory.</summary>
public static class TrainerRun
{
    /// <param name="rssAtStep">Sample the resident memory when this step and each later multiple of it is reported,
    /// during the run (before the final checkpoint is written).</param>
    public static TrainerRunResult Execute(string method, BenchConfig config, int steps, int threads, int rssAtStep, bool smallHeads)
    {
        var root = Directory.CreateTempSubdirectory("lewel-bench-").FullName;
        try
        {
            var heads = smallHeads ? new HeadConfig { ProjectorHidden = 256, Dim = 64, PredictorHidden = 256 } : null;
            var run = BenchRunConfigs.For(method, config, threads, steps, heads) with
            {
                Monitor = new MonitorConfig { KnnEveryEpochs = 0, SnapshotEverySteps = 0, CheckpointEverySteps = 0, HealthEverySteps = 10 },
            };
            var observer = new Observer(rssAtStep);
            var watch = Stopwatch.StartNew();
            var result = PretrainRunner.Run(run, Path.Combine(root, "run"), observer, CancellationToken.None,
                new PretrainOptions { DatasetCacheDir = Path.Combine(root, "datasets") });
            var wall = watch.Elapsed.TotalSeconds;
            if (result.Outcome != TrainingOutcome.Finished)
                throw new InvalidOperationException($"the {method} run at {config.Name} ended {result.Outcome} at step {result.Step}: {result.Error}");
            var timed = observer.Steps.Skip(1).ToList(); // the first step pays for one-time allocations
            if (timed.Count == 0) timed = observer.Steps;
            return new TrainerRunResult(method, config.Name, config.BatchSize, steps, smallHeads,
                Statistics.Median(timed.Select(s => s.ImagesPerSecond)), Statistics.Median(timed.Select(s => s.DataWaitSeconds)),
                Statistics.Median(timed.Select(s => s.ComputeSeconds)), observer.Samples, ProcessMemory.PeakRssMb, wall,
                observer.Steps[^1].Loss);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class Observer(int rssAtStep) : ITrainingObserver
    {
        public List<StepCompleted> Steps { get; } = [];
        public List<RssSample> Samples { get; } = [];

        public void OnEvent(TrainingEvent e)
        {
            if (e is not StepCompleted step) return;
            Steps.Add(step);
            if (step.Step % rssAtStep != 0) return;
            // GC.GetTotalMemory reported negative sizes here (.NET 10); the heap size after a full collection is exact,
            // and ten samples per run make its cost negligible.
            GC.Collect();
            Samples.Add(new RssSample(step.Step, ProcessMemory.CurrentRssMb, GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,
                TorchSharp.torch.Tensor.TotalCount));
        }
    }
}

/// <summary>Resident memory, the managed heap and the number of live TorchSharp tensors when step <see cref="Step"/>
/// had been reported. A leak of tensors shows in <see cref="LiveTensors"/> whatever the allocator does with the RSS.</summary>
public sealed record RssSample(int Step, double RssMb, double ManagedMb, long LiveTensors = 0);

public sealed record TrainerRunResult(string Method, string Config, int BatchSize, int Steps, bool SmallHeads,
    double ImagesPerSecond, double DataWaitSeconds, double ComputeSeconds, IReadOnlyList<RssSample> Rss, double PeakRssMb,
    double WallSeconds, double FinalLoss);

/// <summary>Runs <see cref="TrainerRun"/> in a fresh child process (<c>trainer-run</c>), so its memory is its own.</summary>
public static class TrainerProcess
{
    public static TrainerRunResult Execute(string method, BenchConfig config, int steps, int threads, int rssAtStep, bool smallHeads,
        TimeSpan timeout)
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var line = ChildProcess.RunLastLine(
        [
            "trainer-run", "--method", method, "--name", config.Name, "--backbone", config.Backbone,
            "--width", config.Width.ToString(CultureInfo.InvariantCulture), "--stem", config.Stem, "--image-size", I(config.ImageSize),
            "--batch", I(config.BatchSize), "--steps", I(steps), "--threads", I(threads), "--rss-at", I(rssAtStep),
            "--small-heads", smallHeads ? "1" : "0",
        ], timeout, $"the {method} training run at {config.Name}");
        return JsonSerializer.Deserialize<TrainerRunResult>(line, ResultsFile.CompactJson)
               ?? throw new InvalidDataException($"the training run printed no result: {line}");
    }

    public static int Command(string[] argv)
    {
        var a = ChildArguments.Parse("trainer-run", argv);
        var result = TrainerRun.Execute(a.Get("method"), a.Config(), a.Int("steps"), a.Int("threads"), a.Int("rss-at"), a.Int("small-heads") == 1);
        Console.WriteLine(JsonSerializer.Serialize(result, ResultsFile.CompactJson));
        return 0;
    }
}
