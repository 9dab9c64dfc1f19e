using System.Diagnostics;
using System.Text;
using Lewel.Data.Accounts;
using Lewel.Web.Auth;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

/// <summary>The real app refuses to start, with the setup instructions and exit code 2, when it would be reachable
/// without sign-in or when sign-in is required and the store has no user.</summary>
public class StartupRefusalTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnExposedAddressWithSignInTurnedOffRefusesToStart()
    {
        var output = await RunUntilExitAsync([$"--urls", $"http://0.0.0.0:{Port5000.FreePort()}"], new() { ["Lewel__Auth__Required"] = "false" });
        Assert.Contains("Lewel:Auth:Required is false", output);
        Assert.Contains("lewel users add NAME --role admin", output);
    }

    [Fact]
    public async Task SignInRequiredWithoutAnyUserRefusesToStart()
    {
        var output = await RunUntilExitAsync(["--urls", $"http://127.0.0.1:{Port5000.FreePort()}"], new() { ["Lewel__Auth__Required"] = "true" });
        Assert.Contains("the store has no user yet", output);
        Assert.Contains("lewel users add NAME --role admin", output);
    }

    [Fact]
    public async Task AnExposedAddressTurnsSignInOnAndThenNeedsAUser()
    {
        var output = await RunUntilExitAsync(["--urls", $"http://0.0.0.0:{Port5000.FreePort()}"], []);
        Assert.Contains("sign-in is required (the studio listens on http://0.0.0.0:", output);
        Assert.Contains("the store has no user yet", output);
    }

    [Fact]
    public async Task AnExposedAddressWithAnAdminStartsAndAsksForSignIn()
    {
        var dataDir = LewelHost.NewDataDir();
        try
        {
            var admin = await Accounts.AddAsync(dataDir, "ada", LewelRoles.Admin);
            var port = Port5000.FreePort();
            using var process = Start(["--urls", $"http://0.0.0.0:{port}"], new() { ["Lewel__DataDir"] = dataDir }, out var log);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
                var deadline = DateTime.UtcNow + ExitTimeout;
                HttpResponseMessage? anonymous = null;
                while (anonymous is null && DateTime.UtcNow < deadline && !process.HasExited)
                {
                    try { anonymous = await client.GetAsync("/api/runs"); }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(250); }
                }
                Assert.True(anonymous is not null, $"no answer on port {port}; output:\n{Read(log)}");
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
                var health = await client.GetStringAsync("/healthz"); // anonymous, but says nothing about the server's paths
                Assert.DoesNotContain("dataDir", health);
                client.DefaultRequestHeaders.Authorization = new("Bearer", admin.Token);
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private static async Task<string> RunUntilExitAsync(string[] args, Dictionary<string, string> environment)
    {
        var dataDir = LewelHost.NewDataDir();
        environment.TryAdd("Lewel__DataDir", dataDir);
        try
        {
            using var process = Start(args, environment, out var log);
            using var timeout = new CancellationTokenSource(ExitTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
                Assert.Fail($"the app was still running after {ExitTimeout.TotalSeconds} s; its output:\n{Read(log)}");
            }
            process.WaitForExit(); // drains the output
            var output = Read(log);
            Assert.True(process.ExitCode == AuthSetupException.ExitCode, $"exit code {process.ExitCode}; output:\n{output}");
            return output;
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private static Process Start(string[] args, Dictionary<string, string> environment, out StringBuilder log)
    {
        var web = AppProcess.WebOutputDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(web, "Lewel.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS" })
            start.Environment.Remove(name);
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Lewel__Workers__Cpu"] = "0";
        start.Environment["Lewel__Workers__Gpu"] = "0";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = output;
        return process;
    }

    private static string Read(StringBuilder log)
    {
        lock (log) return log.ToString();
    }
}
