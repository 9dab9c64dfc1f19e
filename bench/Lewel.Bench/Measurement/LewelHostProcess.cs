using System.Diagnostics;
using System.Text;

namespace Lewel.Bench.Measurement;

/// <summary>A built studio (<c>Lewel.Web.dll</c>) or worker host (<c>Lewel.Worker.dll</c>) as an OS process, on a
/// given data directory and settings; a studio listens on a free loopback port and is waited for on <c>/healthz</c>.</summary>
public sealed class LewelHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private LewelHostProcess(Process process, Uri? address)
    {
        this.process = process;
        Address = address;
    }

    /// <summary>The studio's address; null for a worker host.</summary>
    public Uri? Address { get; }

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static async Task<LewelHostProcess> StartStudioAsync(string dataDir, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var host = Start(Path.Combine(ResultsFile.RepoRoot, "src", "Lewel.Web"), "Lewel.Web.dll", dataDir,
            new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !host.process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("healthz")).IsSuccessStatusCode) return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        await host.DisposeAsync();
        throw new InvalidOperationException($"the studio did not start; its output:\n{host.Log}");
    }

    public static LewelHostProcess StartWorker(string dataDir, IReadOnlyDictionary<string, string> settings) =>
        Start(Path.Combine(ResultsFile.RepoRoot, "src", "Lewel.Worker"), "Lewel.Worker.dll", dataDir, settings, null);

    private static LewelHostProcess Start(string project, string dll, string dataDir, IReadOnlyDictionary<string, string> settings, Uri? address)
    {
        var output = Path.Combine(project, "bin", "Release", "net10.0", "linux-x64");
        if (!File.Exists(Path.Combine(output, dll)))
            throw new InvalidOperationException($"build {project} first (dotnet build -c Release): no {dll} in {output}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(output, dll));
        start.Environment["Lewel__DataDir"] = dataDir;
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = new Process { StartInfo = start };
        var host = new LewelHostProcess(process, address);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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
}
