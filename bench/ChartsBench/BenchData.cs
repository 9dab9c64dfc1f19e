namespace ChartsBench;

/// <summary>The benchmark's load: 12 charts × 4 runs, 2,000 points each at the start, one more point per run and chart
/// every half second. Values are a deterministic noisy decay, like a loss.</summary>
public static class BenchData
{
    public const int Charts = 12;
    public const int Runs = 4;
    public const int InitialPoints = 2000;
    public const int AppendIntervalMs = 500;

    public static double Value(int chart, int run, int step) =>
        Math.Exp(-step / 1500.0) * (1 + 0.1 * run) + 0.05 * Math.Sin(step * 0.37 + chart * 1.3 + run * 0.7) + 0.01 * chart;

    public static double[] Steps(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (double)i)];

    public static double[] Values(int chart, int run, int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => Value(chart, run, i))];
}
