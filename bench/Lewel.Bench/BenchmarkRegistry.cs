using Lewel.Bench.Benchmarks;

namespace Lewel.Bench;

/// <summary>Every benchmark, by the name given on the command line. A benchmark returns the process exit code.</summary>
public static class BenchmarkRegistry
{
    public static IReadOnlyDictionary<string, Func<string[], int>> All { get; } = new Dictionary<string, Func<string[], int>>
    {
        ["augment"] = AugmentBenchmark.Run,
        ["compare"] = CompareBenchmark.Run,
        ["train"] = TrainBenchmark.Run,
        ["scaling"] = ScalingBenchmark.Run,
        ["engine-step"] = Engine.EngineProcess.Command,
        ["trainer-run"] = Engine.TrainerProcess.Command,
        ["process-boundary"] = ProcessBoundaryBenchmark.Run,
        [StoreWritesBenchmark.Name] = StoreWritesBenchmark.Run,
        [UpdateLatencyBenchmark.Name] = UpdateLatencyBenchmark.Run,
        [HistoryReadBenchmark.Name] = HistoryReadBenchmark.Run,
        [Engine.InProcessRun.CommandName] = Engine.InProcessRun.Command,
        ["report"] = ReportBenchmark.Run,
        ["all"] = SuiteBenchmark.Run,
    };

    /// <summary>The measuring benchmarks that <c>all</c> (and so bench/run.sh) runs, in order.</summary>
    public static IReadOnlyList<string> Suite { get; } = ["compare", "train", "scaling"];
}
