using System.Diagnostics;
using System.Text;
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

    private static async Task<string> RunUntilExitAsync(string[] args, Dictionary<string, string> environment)
    {
        var dataDir = LewelHost.NewDataDir();
        environment.TryAdd("Lewel__DataDir", dataDir);
        try
        {
            using var process = WebProcess.Start(args, environment, out var log);
            using var timeout = new CancellationTokenSource(ExitTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
                Assert.Fail($"the app was still running after {ExitTimeout.TotalSeconds} s; its output:\n{WebProcess.Read(log)}");
            }
            process.WaitForExit(); // drains the output
            var output = WebProcess.Read(log);
            Assert.True(process.ExitCode == AuthSetupException.ExitCode, $"exit code {process.ExitCode}; output:\n{output}");
            return output;
        }
        finally
        {
            LewelHost.DeleteDataDir(dataDir);
        }
    }
}
