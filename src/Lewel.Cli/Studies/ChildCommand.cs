using System.Diagnostics;
using Lewel.Engine.Runtime;

namespace Lewel.Cli.Studies;

/// <summary>Runs another <c>lewel</c> command (pretrain, eval) in its own process, as <c>lewel job</c> runs a job: a
/// native crash or a hang ends that process, not the study. Its output lines are passed on, indented.</summary>
public static class ChildCommand
{
    /// <summary>How the child is started: the app host itself, or the .NET host running lewel.dll.</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Launcher()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(CliProgram).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (process, [entry])
            : (process, []);
    }

    /// <summary>The command line a user would type for <paramref name="args"/>.</summary>
    public static string Describe(IEnumerable<string> args) => "lewel " + string.Join(' ', args.Select(Quote));

    /// <summary>How <c>lewel args</c> is started: with the GC settings a run's process gets from the studio
    /// (<see cref="FinalizerSafePoint.ChildEnvironment"/>), since the child trains in-process.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> args)
    {
        var (fileName, prefix) = Launcher();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(args)) start.ArgumentList.Add(a);
        foreach (var (name, value) in FinalizerSafePoint.ChildEnvironment) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs <c>lewel args</c> and returns its exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        using var process = new Process { StartInfo = StartInfo(args) };
        var gate = new object();
        void Forward(string? line)
        {
            if (line is null) return;
            lock (gate) output.WriteLine("    " + line);
        }
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        output.Flush();
        return process.ExitCode;
    }

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,+".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
