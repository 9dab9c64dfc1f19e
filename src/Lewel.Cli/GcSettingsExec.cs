using System.Runtime.InteropServices;
using Lewel.Cli.Studies;
using Lewel.Engine.Runtime;

namespace Lewel.Cli;

/// <summary>Gives <c>lewel</c> the GC settings every training process needs (<see cref="FinalizerSafePoint.ChildEnvironment"/>)
/// when a user starts it without them. Without them a run started from a shell fails now and then inside libtorch
/// ("Expected false to be true" from a Scalar the finalizer freed mid-call: seen at step 135 of a quick trial on 2
/// busy cores). The runtime reads them only from the environment at start, so the process re-executes itself with them
/// (execve: the same process id, terminal, signals and exit code), once, before it does anything else.</summary>
internal static class GcSettingsExec
{
    /// <summary>Set in the re-executed process, so that a runtime that ignored the settings is not re-executed again.</summary>
    private const string Marker = "LEWEL_GC_SETTINGS_APPLIED";

    public static void EnsureApplied(string[] args)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        var missing = FinalizerSafePoint.ChildEnvironment.Where(e => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(e.Key))).ToList();
        if (missing.Count == 0 || Environment.GetEnvironmentVariable(Marker) is not null) return;

        var (file, prefix) = ChildCommand.Launcher();
        var argv = new List<string?> { file };
        argv.AddRange(prefix);
        argv.AddRange(args);
        argv.Add(null);
        // A variable set but empty is replaced, not repeated: with two entries the first (empty) one would win.
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => missing.All(m => m.Key != (string)e.Key))
            .Select(e => $"{e.Key}={e.Value}").Concat(missing.Select(e => $"{e.Key}={e.Value}")).Append($"{Marker}=1").ToList<string?>();
        environment.Add(null);
        Execve(file, argv.ToArray(), environment.ToArray());
        // Only reached when execve failed: run on without the settings rather than not at all.
        Console.Error.WriteLine($"lewel: could not restart with {string.Join(", ", missing.Select(e => e.Key))} set (errno {Marshal.GetLastPInvokeError()}); " +
                                "a long run may fail now and then inside libtorch; set them yourself: " +
                                string.Join(" ", FinalizerSafePoint.ChildEnvironment.Select(e => $"{e.Key}={e.Value}")));
    }

    // LPStr is UTF-8 on Linux and macOS, the only systems this runs on.
    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] environment);
}
