using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Engine;

/// <summary>Runs <see cref="EngineStep"/> in a fresh child process (the <c>engine-step</c> benchmark of this same
/// program), as the PyTorch reference runs in its own: both start cold and the peak RSS belongs to one configuration.</summary>
public static class EngineProcess
{
    public static StepMeasurement Measure(string method, BenchConfig config, int warmup, int steps, int threads, TimeSpan timeout)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(EngineProcess).Assembly.Location);
        foreach (var a in EngineStepCommand.Arguments(method, config, warmup, steps, threads))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the engine step for {method} at {config.Name} did not finish within {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        var line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"the engine step for {method} at {config.Name} exited with code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return JsonSerializer.Deserialize<StepMeasurement>(line, ResultsFile.CompactJson)
               ?? throw new InvalidDataException($"the engine step printed no measurement: {line}");
    }
}

/// <summary><c>engine-step --method M --backbone B --width W --image-size S --batch N --warmup N --steps N --threads N</c>:
/// measures one engine configuration in this process and prints it as one JSON line (used by <see cref="EngineProcess"/>).</summary>
public static class EngineStepCommand
{
    public static IEnumerable<string> Arguments(string method, BenchConfig config, int warmup, int steps, int threads)
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        return ["engine-step", "--method", method, "--name", config.Name, "--backbone", config.Backbone,
            "--width", config.Width.ToString(CultureInfo.InvariantCulture), "--stem", config.Stem, "--image-size", I(config.ImageSize),
            "--batch", I(config.BatchSize), "--warmup", I(warmup), "--steps", I(steps), "--threads", I(threads)];
    }

    public static int Run(string[] argv)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < argv.Length; i += 2)
        {
            if (!argv[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= argv.Length)
                throw new ArgumentException($"engine-step expects --name value pairs, got '{argv[i]}'");
            values[argv[i][2..]] = argv[i + 1];
        }
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"engine-step needs --{key}");
        int Int(string key) => int.Parse(Get(key), CultureInfo.InvariantCulture);
        var config = new BenchConfig(Get("name"), Get("backbone"), double.Parse(Get("width"), CultureInfo.InvariantCulture),
            Int("image-size"), Int("batch"), Get("stem"));
        var measurement = EngineStep.Measure(Get("method"), config, Int("warmup"), Int("steps"), Int("threads"));
        Console.WriteLine(JsonSerializer.Serialize(measurement, ResultsFile.CompactJson));
        return 0;
    }
}
