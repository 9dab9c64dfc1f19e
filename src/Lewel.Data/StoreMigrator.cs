using Microsoft.EntityFrameworkCore;

namespace Lewel.Data;

/// <summary>The one-time preparation of the store at start-up, whichever database holds it.</summary>
public static class StoreMigrator
{
    /// <summary>Applies pending migrations. On SQLite it also switches the file to write-ahead logging and returns the
    /// journal mode ("wal"); on PostgreSQL it returns "postgres".</summary>
    public static async Task<string> MigrateAsync(IDbContextFactory<LewelDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (!db.Database.IsSqlite())
            {
                await db.Database.MigrateAsync(cancellationToken);
                return StoreSettings.Postgres;
            }
        }
        return await SqliteStore.MigrateAsync(factory, cancellationToken);
    }
}
