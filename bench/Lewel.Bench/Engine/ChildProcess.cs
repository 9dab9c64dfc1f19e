using System.Diagnostics;
using System.Globalization;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Engine;

/// <summary>Starts this same benchmark program as a child process with other arguments and returns the last line it
/// printed (its JSON result); throws with its whole output when it fails or runs past the timeout.</summary>
public static class ChildProcess
{
    public static string RunLastLine(IReadOnlyList<string> arguments, TimeSpan timeout, string what)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        var line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"{what} exited with code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return line;
    }
}

/// <summary>The <c>--name value</c> pairs a child command receives.</summary>
public sealed class ChildArguments
{
    private readonly string command;
    private readonly Dictionary<string, string> values = [];

    private ChildArguments(string command) => this.command = command;

    public static ChildArguments Parse(string command, IReadOnlyList<string> argv)
    {
        var result = new ChildArguments(command);
        for (var i = 0; i < argv.Count; i += 2)
        {
            if (!argv[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= argv.Count)
                throw new ArgumentException($"{command} expects --name value pairs, got '{argv[i]}'");
            result.values[argv[i][2..]] = argv[i + 1];
        }
        return result;
    }

    public string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"{command} needs --{key}");

    public int Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
        ? v : throw new ArgumentException($"{command}: --{key} needs an integer, got '{Get(key)}'");

    public BenchConfig Config() => new(Get("name"), Get("backbone"),
        double.TryParse(Get("width"), NumberStyles.Float, CultureInfo.InvariantCulture, out var w) ? w : throw new ArgumentException($"{command}: --width needs a number"),
        Int("image-size"), Int("batch"), Get("stem"));
}
