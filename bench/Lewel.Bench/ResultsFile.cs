using System.Text.Json;

namespace Lewel.Bench;

/// <summary>Writes and reads a benchmark's results, bench/results/{name}.json, with the machine and the command that made
/// them. <c>$LEWEL_BENCH_COMMAND</c> (set by bench/run.sh) replaces the recorded command line.</summary>
public static class ResultsFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>One line per object, for results passed between processes.</summary>
    public static readonly JsonSerializerOptions CompactJson = new(JsonSerializerDefaults.Web);

    public static string Directory => Path.Combine(RepoRoot, "bench", "results");

    public static string Write<T>(string name, T results)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".json");
        var command = Environment.GetEnvironmentVariable("LEWEL_BENCH_COMMAND") is { Length: > 0 } outer
            ? outer
            : "dotnet run -c Release --project bench/Lewel.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
        var document = new ResultsDocument<T>(name, DateTimeOffset.UtcNow, MachineInfo.Current(), command, results);
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
        return path;
    }

    /// <summary>The results of <paramref name="name"/>, or null when that benchmark has not been run.</summary>
    public static ResultsDocument<T>? Read<T>(string name)
    {
        var path = Path.Combine(Directory, name + ".json");
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<ResultsDocument<T>>(File.ReadAllText(path), Json)
               ?? throw new InvalidDataException($"{path} holds no results");
    }

    /// <summary>The folder holding Lewel.sln, above the current directory or else above this program.</summary>
    public static string RepoRoot => repoRoot.Value;

    private static readonly Lazy<string> repoRoot = new(() =>
        FindAbove(System.IO.Directory.GetCurrentDirectory()) ?? FindAbove(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException(
            $"cannot find Lewel.sln above {System.IO.Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}: run the benchmarks inside the repository"));

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lewel.sln"))) return dir.FullName;
        return null;
    }
}

public sealed record ResultsDocument<T>(string Benchmark, DateTimeOffset MeasuredAt, MachineInfo Machine, string Command, T Results);

/// <summary>The machine a result came from. <see cref="LoadAverage"/> (1 min, when the results were written) shows how
/// busy the CPU was with other work: on a shared 2-core machine absolute times swing with it, ratios measured in the same
/// invocation much less.</summary>
public sealed record MachineInfo(int ProcessorCount, string Os, string Dotnet, string Cpu, double LoadAverage)
{
    public static MachineInfo Current() =>
        new(Environment.ProcessorCount, Environment.OSVersion.ToString(), Environment.Version.ToString(), CpuModel(), LoadAverage1Min());

    public static double LoadAverage1Min()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
    }

    private static string CpuModel()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path)) return "unknown";
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
