using System.Globalization;
using System.Text.Json;

namespace ChartsBench;

public sealed record PhaseResult(string Phase, int Frames, double MeanFrameMs, double P95FrameMs, double MaxFrameMs, int FramesOver50Ms,
    double Seconds, long ServerToBrowserBytes, long BrowserToServerBytes, long SocketFrames)
{
    public static PhaseResult From(string phase, List<double> frames, (long Received, long Sent, long Frames, double Seconds) traffic)
    {
        var sorted = frames.Order().ToList();
        double Quantile(double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new PhaseResult(phase, frames.Count, frames.Count == 0 ? double.NaN : frames.Average(), Quantile(0.95),
            sorted.Count == 0 ? double.NaN : sorted[^1], frames.Count(f => f > 50), traffic.Seconds, traffic.Received, traffic.Sent, traffic.Frames);
    }
}

public sealed record CandidateResult(string Name, string Package, double LoadMs, double ZoomAllMs, double ResetAllMs,
    IReadOnlyList<PhaseResult> Phases, IReadOnlyList<string> BrowserErrors);

/// <summary>Writes bench/results/charts.json (found from the working directory up) and prints a summary table.</summary>
public static class ResultsWriter
{
    public static void Write(IReadOnlyList<CandidateResult> results, int liveSeconds, string command)
    {
        var document = new
        {
            benchmark = "charts",
            time = DateTime.UtcNow,
            machine = $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}",
            chromium = "/usr/bin/chromium (headless, --disable-gpu)",
            load = $"{BenchData.Charts} charts × {BenchData.Runs} runs × {BenchData.InitialPoints} points, one point per run and chart every {BenchData.AppendIntervalMs} ms for {liveSeconds} s",
            command,
            results,
        };
        var dir = new DirectoryInfo(Environment.CurrentDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "bench", "results"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? Environment.CurrentDirectory, "bench", "results", "charts.json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {path}");
        var f = CultureInfo.InvariantCulture;
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Package}: load {r.LoadMs:0} ms, zoom all {r.ZoomAllMs:0} ms, reset all {r.ResetAllMs:0} ms, errors: {string.Join(" | ", r.BrowserErrors)}");
            foreach (var p in r.Phases)
                Console.WriteLine(string.Format(f, "  {0,-6} frames {1,5}  mean {2,7:0.0} ms  p95 {3,7:0.0} ms  max {4,7:0.0} ms  >50ms {5,4}  server→browser {6,10:N0} B ({7:N0} B/s)  browser→server {8,8:N0} B",
                    p.Phase, p.Frames, p.MeanFrameMs, p.P95FrameMs, p.MaxFrameMs, p.FramesOver50Ms, p.ServerToBrowserBytes, p.Seconds > 0 ? p.ServerToBrowserBytes / p.Seconds : 0, p.BrowserToServerBytes));
        }
    }
}
