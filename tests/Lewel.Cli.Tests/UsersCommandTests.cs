using System.Diagnostics;
using Lewel.Data;
using Lewel.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Cli.Tests;

/// <summary><c>lewel users</c> on a temporary data directory: accounts and tokens land in that directory's store, the
/// token is the last line, and mistakes are named.</summary>
public class UsersCommandTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "lewel-users-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AddPrintsATokenOnTheLastLineThatTheStoreAcceptsAndRevokeTokensEndsIt()
    {
        var added = Lewel("users", "add", "alice", "--role", "admin");
        Assert.True(added.ExitCode == 0, added.Output);
        var token = LastLine(added.Output);
        Assert.StartsWith(ApiTokenSecret.Prefix, token);
        Assert.Contains("password  ", added.Output); // generated and shown once
        var password = added.Output.Split('\n').Single(l => l.StartsWith("password  ")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

        var second = Lewel("users", "token", "alice", "--name", "laptop", "--days", "7");
        Assert.True(second.ExitCode == 0, second.Output);
        var listed = Lewel("users", "list");
        Assert.Matches(@"alice\s+admin\s+2 active token\(s\)", listed.Output);

        await using (var store = Store())
        {
            var validated = await store.GetRequiredService<ApiTokenStore>().ValidateAsync(token);
            Assert.Equal(("alice", "admin"), (validated?.UserName, validated?.Role));
            var laptop = await store.GetRequiredService<ApiTokenStore>().ValidateAsync(LastLine(second.Output));
            Assert.InRange((laptop!.Token.ExpiresAt - laptop.Token.CreatedAt).TotalDays, 6.99, 7.01);
            await using var scope = store.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LewelUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("alice"))!, password));
        }

        var revoked = Lewel("users", "revoke-tokens", "alice");
        Assert.Contains("revoked 2 token(s) of alice", revoked.Output);
        await using (var store = Store())
            Assert.Null(await store.GetRequiredService<ApiTokenStore>().ValidateAsync(token));
    }

    [Fact]
    public async Task PasswordStdinSetsThePasswordAndMistakesAreNamed()
    {
        var (exit, output) = LewelWithInput("correct horse battery\n", "users", "add", "bob", "--role", "viewer", "--password-stdin");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("password  ", output);
        Assert.DoesNotContain("correct horse battery", output);
        await using (var store = Store())
        {
            await using var scope = store.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LewelUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("bob"))!, "correct horse battery"));
        }

        var taken = Lewel("users", "add", "bob", "--role", "viewer");
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("error: user: Username 'bob' is already taken.", taken.Output);
        var role = Lewel("users", "add", "carol", "--role", "boss");
        Assert.Equal(1, role.ExitCode);
        Assert.Contains("error: role: 'boss' is not a role; use one of viewer, researcher, admin.", role.Output);
        var (shortExit, shortOutput) = LewelWithInput("short\n", "users", "add", "dave", "--role", "viewer", "--password-stdin");
        Assert.Equal(1, shortExit);
        Assert.Contains("error: user: Passwords must be at least 10 characters.", shortOutput);
        var missing = Lewel("users", "token", "nobody");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error: user: there is no user 'nobody'", missing.Output);
    }

    [Fact]
    public void RemoteSaysWhichServerItCouldNotReach()
    {
        var result = CliRunner.Run(new Dictionary<string, string> { ["LEWEL_SERVER"] = "http://127.0.0.1:1" }, "remote", "runs");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: http://127.0.0.1:1/:", result.Output);
        var bad = CliRunner.Run(new Dictionary<string, string>(), "remote", "runs", "--server", "ftp://x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--server: 'ftp://x' is not an http(s) address", bad.Output);
    }

    private CliRunner.Result Lewel(params string[] args) =>
        CliRunner.Run(new Dictionary<string, string> { ["Lewel__DataDir"] = dataDir }, args);

    private (int ExitCode, string Output) LewelWithInput(string input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lewel.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Lewel__DataDir"] = dataDir;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lewel {string.Join(' ', args)} did not finish in 120 s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    private ServiceProvider Store()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddLewelData(new DataDirectory(dataDir));
        services.AddLewelAccounts();
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}
