using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>The built app as a real OS process (<c>dotnet Lewel.Web.dll</c>), on a free loopback port and a given data
/// directory, for tests that kill it the way a crash or an operator would.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private AppProcess(Process process, int port)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }
    public int Id => process.Id;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>Starts the app and waits (bounded) until <c>/healthz</c> answers.</summary>
    public static async Task<AppProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? settings = null)
    {
        var web = WebOutputDirectory();
        var port = Port5000.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(web, "Lewel.Web.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Lewel__DataDir"] = dataDir;
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Lewel__Workers__Gpu"] = "0";
        start.Environment["Lewel__QueuePollIntervalMs"] = "100";
        start.Environment["Lewel__Jobs__FlushIntervalMs"] = "100";
        start.Environment["Lewel__Jobs__SweepIntervalSeconds"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__")] = value;

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await app.Client.GetAsync("/healthz")).IsSuccessStatusCode) return app;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        var reason = process.HasExited ? $"it exited with {process.ExitCode}" : $"no answer within {StartTimeout.TotalSeconds} s";
        await app.DisposeAsync();
        throw new InvalidOperationException($"the app did not start ({reason}); its output:\n{app.Log}");
    }

    public async Task<JsonElement> GetJsonAsync(string url) =>
        JsonDocument.Parse(await Client.GetStringAsync(url)).RootElement.Clone();

    public async Task<long> LaunchAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/runs", body, LewelHost.Json);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"launch failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("run").GetProperty("id").GetInt64();
    }

    /// <summary>Polls the run until <paramref name="condition"/> holds for its JSON (bounded).</summary>
    public async Task<JsonElement> WaitForRunAsync(long runId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement run = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                run = (await GetJsonAsync($"/api/runs/{runId}")).GetProperty("run");
                if (condition(run)) return run;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {runId} did not reach the expected state: {run}");
    }

    public async Task<(int Step, double Value)[]> LossesAsync(long runId)
    {
        var series = (await GetJsonAsync($"/api/runs/{runId}/metrics?names=loss&maxPoints=100000")).GetProperty("series")[0];
        return [.. series.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("step").GetInt32(), p.GetProperty("value").GetDouble()))];
    }

    /// <summary>kill -9: the app gets no chance to stop anything.</summary>
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
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The web project's own build output in the configuration these tests were built with.</summary>
    public static string WebOutputDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lewel.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "no Lewel.sln above " + AppContext.BaseDirectory);
        var tail = Path.GetRelativePath(Path.Combine(dir.FullName, "tests", "Lewel.Web.Tests"), AppContext.BaseDirectory);
        var web = Path.GetFullPath(Path.Combine(dir.FullName, "src", "Lewel.Web", tail));
        Assert.True(File.Exists(Path.Combine(web, "Lewel.Web.dll")), $"build src/Lewel.Web first: no Lewel.Web.dll in {web}");
        return web;
    }
}
