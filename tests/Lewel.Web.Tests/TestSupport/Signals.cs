using System.Runtime.InteropServices;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>Real POSIX signals for process tests.</summary>
public static class Signals
{
    public const int Abort = 6, Kill = 9, Segv = 11, Stop = 19, Continue = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) != 0 && Marshal.GetLastPInvokeError() != 3 /* ESRCH: already gone */)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X"; // a zombie has exited and waits to be reaped
        }
        catch (IOException) { return false; }
    }

    /// <summary>Waits (bounded) until the process has exited.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid)) return true;
            await Task.Delay(50);
        }
        return !IsAlive(pid);
    }
}
