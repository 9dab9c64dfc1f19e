using System.Diagnostics;

namespace Lewel.Engine.Tests.Interop;

/// <summary>Runs <c>tests/interop/*.py</c> with Debian's <c>/usr/bin/python3</c> (torch 1.13 + torchvision 0.14;
/// scripts/test.sh installs them).</summary>
public static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    public static string ScriptPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"tests/interop/{name} was not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs the script and returns its output; fails the test with the script's stderr on a non-zero exit.</summary>
    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Python)) throw new InvalidOperationException($"{Python} is missing: install python3-torch and python3-torchvision");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ScriptPath(script));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "2";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stderr.Result}{stdout.Result}");
        return stdout.Result;
    }
}
