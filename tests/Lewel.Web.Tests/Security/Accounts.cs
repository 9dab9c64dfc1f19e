using Lewel.Data;
using Lewel.Data.Accounts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Web.Tests.Security;

/// <summary>Creates accounts in a data directory's store before a host starts on it, as <c>lewel users add</c> does.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    public sealed record Seeded(string UserName, string Role, string Token);

    public static async Task<Seeded> AddAsync(string dataDir, string userName, string role)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddLewelData(new DataDirectory(dataDir));
        services.AddLewelAccounts();
        await using var provider = services.BuildServiceProvider();
        Directory.CreateDirectory(dataDir);
        await SqliteStore.MigrateAsync(provider.GetRequiredService<IDbContextFactory<LewelDbContext>>());
        await using var scope = provider.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(userName, Password, role);
        var token = await provider.GetRequiredService<ApiTokenStore>().CreateAsync(user.Id, "tests");
        SqliteConnection.ClearAllPools();
        return new Seeded(userName, role, token.Text);
    }
}
