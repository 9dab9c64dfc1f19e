using System.Text.Json;

namespace Lewel.Bench;

/// <summary>Writes a benchmark's results to bench/results/{name}.json with the machine and the command that made them.</summary>
public static class ResultsFile
{
    public static string Write(string name, object results)
    {
        var dir = Path.Combine(FindRepoRoot(), "bench", "results");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".json");
        var document = new
        {
            benchmark = name,
            measuredAt = DateTimeOffset.UtcNow,
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            command = "dotnet run -c Release --project bench/Lewel.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            results,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lewel.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
