using Lewel.Bench.Benchmarks;
using Lewel.Bench.Engine;
using Lewel.Bench.Measurement;
using Lewel.Bench.Reference;
using Lewel.Bench.Report;

namespace Lewel.Bench.Tests.Report;

public class SectionsTests
{
    private static readonly MachineInfo Machine = new(2, "Linux", "10.0", "Test CPU", 1.5);

    private static StepMeasurement Step(string implementation, string method, double seconds, int batch = 8) =>
        new(implementation, method, $"cfg-b{batch}", batch, 32, 0.25, 1, 2, seconds, seconds,
            new Dictionary<string, double> { [Phases.OnlineForward] = seconds / 2, [Phases.Backward] = seconds / 2 }, 300, 4, 3,
            MedianCpuSeconds: seconds * 2);

    [Fact]
    public void CompareSection_Summaries_ShowRatioAndLewelOverhead()
    {
        CompareRun[] runs =
        [
            new(0, Step(StepMeasurement.Engine, "lewel-b", 3)), new(0, Step(StepMeasurement.PyTorch, "lewel-b", 4)),
            new(0, Step(StepMeasurement.Engine, "byol", 2)), new(0, Step(StepMeasurement.PyTorch, "byol", 2)),
        ];
        var results = new CompareResults("/usr/bin/python3", 2, 1, 1, 2, CompareBenchmark.Summarise(runs).ToList(), runs);
        var text = CompareSection.Render(new ResultsDocument<CompareResults>("compare", DateTimeOffset.UnixEpoch, Machine, "./bench/run.sh", results));
        Assert.Contains("| cfg-b8 | lewel-b | **0.75** | 0.75 | 3000 | 4000 | 2.67 |", text);
        Assert.Contains("LEWEL_B costs +50 % per step over BYOL in the engine, +100 % in the reference", text);
        Assert.Contains("| cfg-b8 | byol | 2000 | 2000 |", text);
        Assert.Contains("load average 1.5", text);
        Assert.Contains("`./bench/run.sh`", text);
    }

    [Fact]
    public void ScalingSection_Points_OneRowEach()
    {
        var results = new ScalingResults(2, 1, 2, [Step(StepMeasurement.Engine, "byol", 0.5, 32), Step(StepMeasurement.Engine, "byol", 1.0, 64)],
            [Step(StepMeasurement.Engine, "byol", 0.5, 32)], [new KnnPoint(1000, 100, 512, 10, 0.02)]);
        var text = ScalingSection.Render(new ResultsDocument<ScalingResults>("scaling", DateTimeOffset.UnixEpoch, Machine, "cmd", results));
        Assert.Contains("| byol | cfg-b64 | 64 | 32 | 1000 | 64 | 15.6 |", text);
        Assert.Contains("| 1,000 | 100 | 512 | 0.02 | 200 |", text);
    }

    [Fact]
    public void ScalingSection_LewelAndByolAtOnePoint_ShowMeasuredAndPredictedOverhead()
    {
        var results = new ScalingResults(2, 1, 2, [Step(StepMeasurement.Engine, "lewel-b", 3.0, 32), Step(StepMeasurement.Engine, "byol", 1.0, 32)], [], []);
        var text = ScalingSection.Render(new ResultsDocument<ScalingResults>("scaling", DateTimeOffset.UnixEpoch, Machine, "cmd", results));
        Assert.Matches(@"\| lewel-b \| cfg-b32 \|.*\| \+200 % / \+[0-9.]+ % \|", text);
    }

    [Fact]
    public void TrainSection_Results_ShowPhasesTrainerAndMemoryGrowth()
    {
        var memory = new TrainerRunResult("lewel-b", "tiny", 16, 1000, true, 100, 0.001, 0.1,
            [new RssSample(100, 400, 10), new RssSample(1000, 410, 11)], 420, 60, 2.5);
        var trainer = new TrainerRunResult("byol", "cfg-b8", 8, 5, false, 50, 0.002, 0.15, [new RssSample(1, 300, 5)], 320, 10, 3.9);
        var results = new TrainResults(2, 1, 2, [Step(StepMeasurement.Engine, "mocov2", 0.5)], [trainer], [memory]);
        var text = TrainSection.Render(new ResultsDocument<TrainResults>("train", DateTimeOffset.UnixEpoch, Machine, "cmd", results));
        Assert.Contains("| mocov2 | cfg-b8 | 500 | 16 |", text);
        Assert.Contains("| byol | cfg-b8 | 5 | 50 | 2 | 150 | 320 |", text);
        Assert.Contains("100: 400, 1000: 410", text);
        Assert.Contains("10 MiB (+2.5 %) over steps 100–1000", text);
    }

    [Fact]
    public void Sections_NoResults_SayHowToMeasure()
    {
        Assert.StartsWith("Not measured yet", CompareSection.Render(null));
        Assert.StartsWith("Not measured yet", TrainSection.Render(null));
        Assert.StartsWith("Not measured yet", ScalingSection.Render(null));
    }

    [Fact]
    public void NeckCostSection_PredictsAndShowsMeasuredRatios_ForCpuAndGpuConfigurations()
    {
        StepMeasurement At(string implementation, string method, double seconds) =>
            new(implementation, method, BenchConfig.Full.Name, 64, 32, 1.0, 1, 2, seconds, seconds, new Dictionary<string, double>(), 300, 4, 3);
        CompareRun[] runs =
        [
            new(0, At(StepMeasurement.Engine, "lewel-b", 6)), new(0, At(StepMeasurement.PyTorch, "lewel-b", 8)),
            new(0, At(StepMeasurement.Engine, "byol", 4)), new(0, At(StepMeasurement.PyTorch, "byol", 5)),
        ];
        var compare = new CompareResults("/usr/bin/python3", 2, 1, 1, 2, CompareBenchmark.Summarise(runs).ToList(), runs);
        ReferenceLine Gpu(string method, double seconds) => new()
        {
            Label = "anchor-r50", Method = method, Arch = "resnet50", Width = 1, Stem = "imagenet", ImageSize = 224, Batch = 64,
            Device = "GPU X", MedianStepS = seconds,
        };
        var text = NeckCostSection.Render(new ResultsDocument<CompareResults>("compare", DateTimeOffset.UnixEpoch, Machine, "cmd", compare),
            [Gpu("lewel-b", 0.14), Gpu("byol", 0.12)]);
        Assert.Contains("| r18-w1-32px-b64 (CPU, 2 threads) | 0.704 | 512, 25 |", text);
        Assert.Contains("| 1.5 | 1.6 |", text);                       // measured: engine 6/4, reference 8/5
        Assert.Contains("| anchor-r50: resnet50 ×1 224px b64 (GPU X) | 4.09 | 2048, 49 |", text);
        Assert.Contains("| — | 1.17 |", text);
        Assert.StartsWith("Not measured yet", NeckCostSection.Render(null, []));
    }
}
