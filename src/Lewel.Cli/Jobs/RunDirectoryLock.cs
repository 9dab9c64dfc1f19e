namespace Lewel.Cli.Jobs;

/// <summary>An exclusive lock on a run directory (<c>.lock</c>, an advisory file lock the kernel releases when the
/// process dies, however it dies): no two processes ever write one run. A process that finds it taken waits a while,
/// since a child whose supervisor was killed may still be on its way out.</summary>
internal sealed class RunDirectoryLock : IDisposable
{
    public const string FileName = ".lock";
    private readonly FileStream file;

    private RunDirectoryLock(FileStream file) => this.file = file;

    public static RunDirectoryLock Acquire(string runDir, TimeSpan wait)
    {
        Directory.CreateDirectory(runDir);
        var path = Path.Combine(runDir, FileName);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write($"{Environment.ProcessId}\n");
                stream.Flush();
                return new RunDirectoryLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
            catch (IOException e)
            {
                throw new IOException($"{runDir} is being written by another process (pid {Holder(path)}): {e.Message}", e);
            }
        }
    }

    private static string Holder(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadLine()?.Trim() is { Length: > 0 } pid ? pid : "unknown";
        }
        catch (IOException) { return "unknown"; }
    }

    public void Dispose() => file.Dispose();
}
