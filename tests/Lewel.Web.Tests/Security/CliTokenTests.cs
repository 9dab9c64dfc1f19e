using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
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
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lewel.dll"));
            foreach (var a in new[] { "users", "add", "alice", "--role", "admin" }) start.ArgumentList.Add(a);
            start.Environment["Lewel__DataDir"] = dataDir;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("lewel users add did not finish in 120 s");
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout}{await stderr}");
            var token = (await stdout).TrimEnd().Split('\n')[^1].Trim();

            await using var host = new LewelHost(cpuWorkers: 0, dataDir: dataDir, settings: new Dictionary<string, string> { ["Lewel:Auth:Required"] = "true" });
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/api/runs")).StatusCode);
            host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/runs")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/hangfire")).StatusCode); // alice is an admin
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }
}
