namespace Lewel.Web.Jobs.Processes;

/// <summary>How a child process ended, in words: .NET reports a death by signal N as exit code 128 + N.</summary>
public static class ExitStatus
{
    private static readonly Dictionary<int, string> Signals = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS",
        [8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
    };

    /// <summary>The signal that ended the process ("SIGSEGV"), or null for an ordinary exit.</summary>
    public static string? Signal(int exitCode) => exitCode > 128 && Signals.TryGetValue(exitCode - 128, out var name) ? name : null;

    /// <summary>"died with SIGSEGV", "was killed (SIGKILL: out of memory, or killed by hand)", "exited with code 3".</summary>
    public static string Describe(int exitCode) => Signal(exitCode) switch
    {
        "SIGKILL" => "was killed (SIGKILL: the kernel's out-of-memory killer, or a kill -9)",
        { } signal => $"died with {signal}",
        null => $"exited with code {exitCode}",
    };
}
