namespace Lewel.Bench;

/// <summary>Every benchmark, by the name given on the command line. A benchmark returns the process exit code.</summary>
public static class BenchmarkRegistry
{
    public static IReadOnlyDictionary<string, Func<string[], int>> All { get; } = new Dictionary<string, Func<string[], int>>
    {
        ["augment"] = AugmentBenchmark.Run,
    };
}
