using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>The real app (Blazor, API, hub, Hangfire with SQLite) on a temporary data directory. Jobs poll fast and
/// flush often so tests wait little. Several hosts may share one data directory in turn (restart tests).</summary>
public sealed class LewelHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = CreateJson();
    private readonly WebApplicationFactory<Program> factory;
    private readonly bool ownsDataDir;

    /// <param name="kestrel">Serve on a real loopback port (for checks that depend on the connection, such as the
    /// dashboard's local-only filter) instead of the in-memory test server.</param>
    public LewelHost(int cpuWorkers = 1, string? dataDir = null, IReadOnlyDictionary<string, string>? settings = null, bool kestrel = false)
    {
        ownsDataDir = dataDir is null;
        DataDir = dataDir ?? NewDataDir();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Lewel:DataDir", DataDir);
            b.UseSetting("Lewel:Device", "cpu");
            b.UseSetting("Lewel:QueuePollIntervalMs", "100");
            b.UseSetting("Lewel:Workers:Cpu", cpuWorkers.ToString());
            b.UseSetting("Lewel:Workers:Gpu", "0");
            b.UseSetting("Lewel:Jobs:FlushIntervalMs", "100");
            b.UseSetting("Lewel:Jobs:SweepIntervalSeconds", "1");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            // Tests launch many runs from one client within seconds; a test of the limiter sets its own.
            b.UseSetting("Lewel:RateLimits:Launch:PermitLimit", "0");
            // A free loopback port, never Kestrel's default 5000 where a developer's app may run: UseKestrel(0) alone
            // still binds 5000, and this setting also wins over an ASPNETCORE_URLS in the environment.
            if (kestrel) b.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
        });
        if (kestrel)
        {
            factory.UseKestrel();
            factory.StartServer();
        }
        Client = factory.CreateClient();
    }

    public string DataDir { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => factory.Services;
    public WebApplicationFactory<Program> Factory => factory;
    public RunStore Runs => Services.GetRequiredService<RunStore>();
    public DataDirectory Directory => Services.GetRequiredService<DataDirectory>();

    public static string NewDataDir() => Path.Combine(Path.GetTempPath(), "lewel-web-" + Guid.NewGuid().ToString("N"));

    public async Task<JsonElement> PostJsonAsync(string url, object body, System.Net.HttpStatusCode expected)
    {
        var response = await Client.PostAsJsonAsync(url, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the store until the run satisfies <paramref name="condition"/>; fails with the run's history.</summary>
    public async Task<Run> WaitForAsync(long runId, Func<Run, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        Run? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = await Runs.FindAsync(runId, withHistory: true);
            if (run is not null && condition(run)) return run;
            await Task.Delay(50);
        }
        var history = run is null ? "(no run)" : string.Join(" | ", run.History.Select(h => $"{h.Status}: {h.Message}"));
        throw new TimeoutException($"Run {runId} did not reach the expected state; it is {run?.Status} at step {run?.Step}: {history}");
    }

    public Task<Run> WaitForStatusAsync(long runId, RunStatus status, TimeSpan? timeout = null) =>
        WaitForAsync(runId, r => r.Status == status, timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (ownsDataDir) DeleteDataDir(DataDir);
    }

    public static void DeleteDataDir(string dataDir)
    {
        try { System.IO.Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
