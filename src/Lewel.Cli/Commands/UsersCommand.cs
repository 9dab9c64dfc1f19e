using System.CommandLine;
using System.Security.Cryptography;
using Lewel.Data;
using Lewel.Data.Accounts;
using Lewel.Engine.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel users add|list|token|revoke-tokens</c>: accounts in the studio's own store (the data directory
/// of the same settings), migrated first if needed. Commands that make a token print it alone on the last line.</summary>
public static class UsersCommand
{
    public const int Failed = 1;

    public static Command Create(LewelSettings settings)
    {
        var command = new Command("users", "Manage the studio's accounts and API tokens (in the data directory's store)");
        command.Subcommands.Add(Add(settings));
        command.Subcommands.Add(List(settings));
        command.Subcommands.Add(Token(settings));
        command.Subcommands.Add(RevokeTokens(settings));
        return command;
    }

    private static Command Add(LewelSettings settings)
    {
        var name = new Argument<string>("NAME") { Description = "user name (letters, digits, - . _ @ +)" };
        var role = new Option<string>("--role") { Description = $"one of {string.Join(", ", LewelRoles.All)}", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "read the password from the first line of standard input (else one is generated and shown once)" };
        var command = new Command("add", "Create an account; prints its password (when generated) and an API token, the token on the last line");
        command.Arguments.Add(name);
        command.Options.Add(role);
        command.Options.Add(passwordStdin);
        command.SetAction(parse => WithStore(settings, async (services, now) =>
        {
            var userName = parse.GetValue(name)!.Trim();
            var roleName = parse.GetValue(role)!.Trim().ToLowerInvariant();
            var generated = !parse.GetValue(passwordStdin);
            var password = generated ? GeneratePassword() : (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
            await using var scope = services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(userName, password, roleName);
            Console.WriteLine($"created   {userName} ({roleName}) in {services.GetRequiredService<DataDirectory>().DatabasePath}");
            if (generated) Console.WriteLine($"password  {password}   (generated, shown once; sign in at /signin)");
            await PrintNewTokenAsync(services, user.Id, "cli");
            return 0;
        }));
        return command;
    }

    private static Command List(LewelSettings settings)
    {
        var command = new Command("list", "List the accounts with their role and number of active tokens");
        command.SetAction(_ => WithStore(settings, async (services, now) =>
        {
            await using var scope = services.CreateAsyncScope();
            var users = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(now);
            if (users.Count == 0) Console.WriteLine("no users (create one: lewel users add NAME --role admin)");
            foreach (var u in users)
                Console.WriteLine($"{u.UserName,-24} {u.Role ?? "(no role)",-11} {u.ActiveTokens} active token(s){(u.LockedOut ? ", locked out" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Token(LewelSettings settings)
    {
        var name = new Argument<string>("NAME") { Description = "user name" };
        var label = new Option<string>("--name") { Description = "what the token is for (default: cli)", DefaultValueFactory = _ => "cli" };
        var days = new Option<int>("--days") { Description = "days until it expires (default 90)", DefaultValueFactory = _ => 90 };
        var command = new Command("token", "Make a new API token for a user; the token is on the last line");
        command.Arguments.Add(name);
        command.Options.Add(label);
        command.Options.Add(days);
        command.SetAction(parse => WithStore(settings, async (services, now) =>
        {
            var user = await FindAsync(services, parse.GetValue(name)!);
            await PrintNewTokenAsync(services, user.Id, parse.GetValue(label)!, TimeSpan.FromDays(parse.GetValue(days)));
            return 0;
        }));
        return command;
    }

    private static Command RevokeTokens(LewelSettings settings)
    {
        var name = new Argument<string>("NAME") { Description = "user name" };
        var command = new Command("revoke-tokens", "Revoke every API token of a user");
        command.Arguments.Add(name);
        command.SetAction(parse => WithStore(settings, async (services, now) =>
        {
            var user = await FindAsync(services, parse.GetValue(name)!);
            var count = await services.GetRequiredService<ApiTokenStore>().RevokeAllAsync(user.Id);
            Console.WriteLine($"revoked {count} token(s) of {user.UserName}");
            return 0;
        }));
        return command;
    }

    private static async Task PrintNewTokenAsync(IServiceProvider services, string userId, string label, TimeSpan? lifetime = null)
    {
        var created = await services.GetRequiredService<ApiTokenStore>().CreateAsync(userId, label, lifetime);
        Console.WriteLine($"API token '{created.Token.Name}', expires {created.Token.ExpiresAt:yyyy-MM-dd} (shown once; stored hashed):");
        Console.WriteLine(created.Text);
    }

    private static async Task<LewelUser> FindAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAccounts>().FindAsync(userName.Trim())
            ?? throw new AccountException($"user: there is no user '{userName}' (lewel users list shows them).");
    }

    /// <summary>Opens the store of <paramref name="settings"/> (creating and migrating it if needed) and runs
    /// <paramref name="action"/>; an account error is printed with its field and gives exit code 1.</summary>
    private static int WithStore(LewelSettings settings, Func<IServiceProvider, DateTime, Task<int>> action)
    {
        var dataDirectory = new DataDirectory(settings.ResolvedDataDir);
        StoreSettings store;
        try
        {
            store = SettingsLoader.LoadStore();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return Failed;
        }
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error));
        services.AddLewelData(dataDirectory, store);
        services.AddLewelAccounts();
        using var provider = services.BuildServiceProvider();
        try
        {
            Directory.CreateDirectory(dataDirectory.Root);
            StoreMigrator.MigrateAsync(provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<LewelDbContext>>()).GetAwaiter().GetResult();
            return action(provider, provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is AccountException or ArgumentException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return Failed;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
