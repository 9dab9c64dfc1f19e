using System.Diagnostics;
using System.Text;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Scale;

/// <summary>A worker host (<c>dotnet Lewel.Worker.dll</c>) as a real OS process, named, on a shared data directory and
/// PostgreSQL store, for tests that kill it the way a crash would.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private WorkerProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static WorkerProcess Start(string name, string dataDir, IReadOnlyDictionary<string, string> settings)
    {
        var output = WorkerOutputDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(output, "Lewel.Worker.dll"));
        start.Environment["Lewel__Worker__Name"] = name;
        start.Environment["Lewel__DataDir"] = dataDir;
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Lewel__Workers__Cpu"] = "1";
        start.Environment["Lewel__Workers__Gpu"] = "0";
        start.Environment["Lewel__QueuePollIntervalMs"] = "100";
        start.Environment["Lewel__Jobs__FlushIntervalMs"] = "100";
        start.Environment["Lewel__Jobs__SweepIntervalSeconds"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>kill -9: the worker gets no chance to stop its runs or say goodbye.</summary>
    public void KillHard()
    {
        Signals.Send(process.Id, Signals.Kill);
        process.WaitForExit(10_000);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The worker project's build output in the configuration these tests were built with.</summary>
    public static string WorkerOutputDirectory()
    {
        var web = AppProcess.WebOutputDirectory();
        var tail = Path.GetRelativePath(Path.Combine(web, "..", "..", "..", ".."), web); // bin/Release/net10.0/linux-x64
        var worker = Path.GetFullPath(Path.Combine(web, "..", "..", "..", "..", "..", "Lewel.Worker", tail));
        Assert.True(File.Exists(Path.Combine(worker, "Lewel.Worker.dll")), $"build src/Lewel.Worker first: no Lewel.Worker.dll in {worker}");
        return worker;
    }
}
