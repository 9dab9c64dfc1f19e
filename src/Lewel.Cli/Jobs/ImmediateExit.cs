using System.Runtime.InteropServices;

namespace Lewel.Cli.Jobs;

/// <summary>Ends the process at once, without running shutdown handlers or waiting for any thread: the way out when a
/// thread may be stuck inside a native call that will never return.</summary>
internal static class ImmediateExit
{
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);

    public static void Now(int status)
    {
        try { Console.Error.Flush(); } catch (Exception) { /* nothing left to report to */ }
        ExitNow(status);
    }
}
