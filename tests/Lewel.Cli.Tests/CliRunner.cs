using System.Diagnostics;

namespace Lewel.Cli.Tests;

/// <summary>Runs the built <c>lewel</c> program as a user would, in its own process.</summary>
public static class CliRunner
{
    /// <summary>How the child ended: its exit code (negative when it was killed) and its stdout + stderr;
    /// <see cref="TimedOut"/> when it was killed for outliving its time limit.</summary>
    public sealed record Result(int ExitCode, string Output, bool TimedOut = false);

    /// <summary>Runs <c>lewel args</c>; throws a <see cref="TimeoutException"/> if it is still running after 10 minutes.</summary>
    public static Result Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var result = Run(environment.ToDictionary(p => p.Key, p => (string?)p.Value), TimeSpan.FromMinutes(10), args);
        if (result.TimedOut) throw new TimeoutException($"lewel {string.Join(' ', args)} did not finish in 10 minutes");
        return result;
    }

    /// <summary>Runs <c>lewel args</c> with these environment variables (a null value removes the variable from the
    /// child's environment). A child still running after <paramref name="timeout"/> is killed with its process tree and
    /// reported with <see cref="Result.TimedOut"/> set, so a hung native kernel fails one test instead of the run.</summary>
    public static Result Run(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lewel.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
            return new Result(-1, Collected(stdout) + Collected(stderr), TimedOut: true);
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Collected(Task<string> stream) =>
        stream.Wait(TimeSpan.FromSeconds(10)) ? stream.Result : "(output not readable after the kill)";
}
