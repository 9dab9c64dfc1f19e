using Lewel.Bench.Benchmarks;
using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Tests.Engine;

public class BoundaryRunsTests
{
    [Fact]
    public async Task SupervisedRun_TinyRun_EveryStepArrivesThroughTheChild()
    {
        var root = Directory.CreateTempSubdirectory("lewel-boundary-test-").FullName;
        try
        {
            var config = (ProcessBoundaryBenchmark.Tiny with { Steps = 12 }).Config(threads: 1);
            var t = await SupervisedRun.MeasureAsync(config, Path.Combine(root, "run"), Path.Combine(root, "datasets"), TimeSpan.FromMinutes(5));
            Assert.Equal(Enumerable.Range(1, 12), t.Steps.Select(s => s.Step));
            Assert.True(t.StartedAt < t.Steps[0].At && t.Steps[^1].At <= t.EndedAt);
            Assert.True(StepArrivals.StepsPerSecond(t.Steps) > 0);
            Assert.All(t.Steps, s => Assert.True(double.IsFinite(s.Loss)));
            Assert.True(File.Exists(Path.Combine(root, "run", "metrics.jsonl"))); // the child wrote the run directory
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
