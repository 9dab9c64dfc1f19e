using System.Diagnostics;
using Lewel.Engine.Hosting;

namespace Lewel.Web.Jobs.Processes;

/// <summary>One child process and its pipes: stdout lines are decoded (<see cref="JobWire"/>) and handed to the caller
/// in order; stderr is appended to a log file and its last lines are kept for the failure message; stdin carries the
/// stop request and, by staying open, tells the child its supervisor is alive.</summary>
public sealed class JobProcess : IDisposable
{
    private const int TailLines = 30;
    private readonly Process process;
    private readonly Queue<string> stderrTail = new();
    private readonly Lock tailGate = new();
    private readonly Task pumps;

    private JobProcess(Process process, Action<WireMessage> onMessage, string? stderrLogPath)
    {
        this.process = process;
        var stdout = Task.Run(() => PumpStdout(onMessage));
        var stderr = Task.Run(() => PumpStderr(stderrLogPath));
        pumps = Task.WhenAll(stdout, stderr);
        Exited = WaitAsync();
    }

    public int Id => process.Id;

    /// <summary>Completes once the process has exited and both pipes are drained.</summary>
    public Task Exited { get; }

    public int ExitCode => process.ExitCode;

    public IReadOnlyList<string> StderrTail
    {
        get { lock (tailGate) return [.. stderrTail]; }
    }

    public static JobProcess Start(JobRunner runner, string specPath, IReadOnlyDictionary<string, string?> environment,
        string? stderrLogPath, Action<WireMessage> onMessage)
    {
        var info = new ProcessStartInfo(runner.Host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(specPath) ?? Environment.CurrentDirectory,
        };
        foreach (var argument in runner.Arguments(specPath)) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {runner.Host}");
        return new JobProcess(process, onMessage, stderrLogPath);
    }

    /// <summary>Asks the child to checkpoint and exit. Harmless when it is already gone.</summary>
    public void RequestStop()
    {
        try
        {
            process.StandardInput.WriteLine(JobWire.StopCommand);
            process.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException) { }
    }

    /// <summary>Ends the child and anything it started, at once.</summary>
    public void Kill()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    private async Task WaitAsync()
    {
        await process.WaitForExitAsync();
        await pumps;
    }

    private async Task PumpStdout(Action<WireMessage> onMessage)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
            onMessage(JobWire.Decode(line));
    }

    private async Task PumpStderr(string? logPath)
    {
        StreamWriter? log = null;
        try
        {
            if (logPath is not null)
                log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        using (log)
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (tailGate)
                {
                    stderrTail.Enqueue(line);
                    if (stderrTail.Count > TailLines) stderrTail.Dequeue();
                }
                try { log?.WriteLine(line); }
                catch (IOException) { }
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}
