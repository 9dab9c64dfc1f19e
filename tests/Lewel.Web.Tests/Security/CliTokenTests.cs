using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

/// <summary>The documented way to expose the studio, with the real programs: <c>lewel users add</c> creates an admin in
/// the data directory, the app started on <c>0.0.0.0</c> then requires sign-in, and the token on the last line of
/// <c>users add</c> drives the API and <c>lewel remote</c>.</summary>
public class CliTokenTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AnAdminMadeByUsersAddDrivesAStudioExposedOnAllInterfaces()
    {
        var dataDir = LewelHost.NewDataDir();
        var port = Port5000.FreePort();
        try
        {
            var added = Lewel(new() { ["Lewel__DataDir"] = dataDir }, "users", "add", "alice", "--role", "admin");
            var token = added.TrimEnd().Split('\n')[^1].Trim();

            using var app = WebProcess.Start(["--urls", $"http://0.0.0.0:{port}"], new() { ["Lewel__DataDir"] = dataDir }, out var log);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
                var anonymous = await FirstAnswerAsync(client, app, "/api/runs");
                Assert.True(anonymous is not null, $"no answer on port {port}; output:\n{WebProcess.Read(log)}");
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                var health = await client.GetStringAsync("/healthz"); // anonymous, but says nothing about the server's paths
                Assert.DoesNotContain("dataDir", health);

                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode); // alice is an admin

                // The CLI drives the studio with it: server and token from LEWEL_SERVER / LEWEL_TOKEN.
                var config = Path.Combine(dataDir, "run.json");
                await File.WriteAllTextAsync(config, JsonSerializer.Serialize(Configs.Tiny(name: "from the cli"), LewelHost.Json));
                var remote = new Dictionary<string, string> { ["LEWEL_SERVER"] = client.BaseAddress.ToString(), ["LEWEL_TOKEN"] = token };
                Assert.Matches(@"queued run #\d+ from the cli", Lewel(remote, "remote", "launch", "--config", config));
                Assert.Matches(@"1 run\(s\)\n#\d+\s+queued\s+lewel-b .* from the cli  \(by alice\)", Lewel(remote, "remote", "runs"));
                Assert.DoesNotContain(token, WebProcess.Read(log)); // never logged
            }
            finally
            {
                if (!app.HasExited) app.Kill(entireProcessTree: true);
                app.WaitForExit(10_000);
            }
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }

    private static async Task<HttpResponseMessage?> FirstAnswerAsync(HttpClient client, Process app, string url)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !app.HasExited)
        {
            try { return await client.GetAsync(url); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(250); }
        }
        return null;
    }

    /// <summary>Runs <c>lewel args</c> (bounded) and returns its output; fails the test on a non-zero exit.</summary>
    private static string Lewel(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lewel.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"lewel {string.Join(' ', args)} did not finish in 120 s");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"lewel {string.Join(' ', args)}: exit {process.ExitCode}: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
