using System.Diagnostics;

namespace Lewel.Bench.Benchmarks;

/// <summary><c>all</c>: every measuring benchmark of <see cref="BenchmarkRegistry.Suite"/> in order with the same options
/// (e.g. <c>--quick</c>), then <c>report</c>. This is what bench/run.sh runs.</summary>
public static class SuiteBenchmark
{
    public static int Run(string[] argv)
    {
        BenchArgs.Parse(argv); // reject bad options before the first long run
        var clock = Stopwatch.StartNew();
        foreach (var name in BenchmarkRegistry.Suite)
        {
            Console.WriteLine($"== {name} {string.Join(' ', argv)}");
            var started = clock.Elapsed;
            var code = BenchmarkRegistry.All[name](argv);
            Console.WriteLine($"== {name} took {(clock.Elapsed - started).TotalMinutes:F1} min");
            if (code != 0) return code;
        }
        Console.WriteLine($"== all benchmarks took {clock.Elapsed.TotalMinutes:F1} min");
        return ReportBenchmark.Run([]);
    }
}
