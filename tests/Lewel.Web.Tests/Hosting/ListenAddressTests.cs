using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Hosting;

/// <summary>The built app, started as a user starts it (<c>dotnet Lewel.Web.dll</c> beside its appsettings.json), takes
/// its address from ASPNETCORE_URLS or from --urls: appsettings.json must not pin one.</summary>
public class ListenAddressTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AspNetCoreUrlsChoosesTheAddress()
    {
        var port = Port5000.FreePort();
        await AssertServesHealthAsync(port, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, []);
    }

    [Fact]
    public async Task TheUrlsArgumentChoosesTheAddress()
    {
        var port = Port5000.FreePort();
        await AssertServesHealthAsync(port, new Dictionary<string, string>(), ["--urls", $"http://127.0.0.1:{port}"]);
    }

    private static async Task AssertServesHealthAsync(int port, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var web = AppProcess.WebOutputDirectory();
        var dataDir = LewelHost.NewDataDir();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(web, "Lewel.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Only the variables under test choose the address; nothing inherited from the test runner.
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS" })
            start.Environment.Remove(name);
        start.Environment["Lewel__DataDir"] = dataDir;
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Lewel__Workers__Cpu"] = "0";
        start.Environment["Lewel__Workers__Gpu"] = "0";
        foreach (var (k, v) in environment) start.Environment[k] = v;

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + StartTimeout;
            HttpResponseMessage? response = null;
            while (response is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { response = await client.GetAsync("/healthz"); }
                catch (HttpRequestException) { await Task.Delay(250); }
                catch (TaskCanceledException) { }
            }
            string Log() { lock (log) return log.ToString(); }
            Assert.True(response is not null,
                $"no answer from http://127.0.0.1:{port}/healthz within {StartTimeout.TotalSeconds} s " +
                $"({(process.HasExited ? $"the app exited with {process.ExitCode}" : "the app is still running")}); its output:\n{Log()}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(Path.GetFullPath(dataDir), health.GetProperty("dataDir").GetString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            LewelHost.DeleteDataDir(dataDir);
        }
    }
}
