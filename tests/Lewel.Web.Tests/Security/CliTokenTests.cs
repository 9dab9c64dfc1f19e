using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

/// <summary><c>lewel users add</c> writes to the same store the studio reads: its last line is a token the studio
/// accepts.</summary>
[Collection(HostCollection.Name)]
public class CliTokenTests
{
    [Fact]
    public async Task TheTokenOnTheLastLineOfUsersAddIsAcceptedByTheStudio()
    {
        var dataDir = LewelHost.NewDataDir();
        try
        {
            var added = Lewel(new() { ["Lewel__DataDir"] = dataDir }, "users", "add", "alice", "--role", "admin");
            var token = added.TrimEnd().Split('\n')[^1].Trim();

            await using var host = new LewelHost(cpuWorkers: 0, dataDir: dataDir, kestrel: true,
                settings: new Dictionary<string, string> { ["Lewel:Auth:Required"] = "true", ["Lewel:Jobs:SweepIntervalSeconds"] = "3600" });
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/api/runs")).StatusCode);
            host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/runs")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/hangfire")).StatusCode); // alice is an admin

            // The CLI drives the studio with it: server and token from LEWEL_SERVER / LEWEL_TOKEN.
            var config = Path.Combine(dataDir, "run.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(Configs.Tiny(name: "from the cli"), LewelHost.Json));
            var remote = new Dictionary<string, string> { ["LEWEL_SERVER"] = host.Client.BaseAddress!.ToString(), ["LEWEL_TOKEN"] = token };
            Assert.Matches(@"queued run #\d+ from the cli", Lewel(remote, "remote", "launch", "--config", config));
            Assert.Matches(@"1 run\(s\)\n#\d+\s+queued\s+lewel-b .* from the cli  \(by alice\)", Lewel(remote, "remote", "runs"));
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
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
