using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data;

/// <summary>How the store opens SQLite, and the one-time preparation of a database file.</summary>
public static class SqliteStore
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // Seconds a command waits on a lock held by another connection before it fails (SQLITE_BUSY retries).
        DefaultTimeout = 30,
    }.ToString();

    public static DbContextOptionsBuilder UseLewelSqlite(this DbContextOptionsBuilder options, string databasePath) =>
        options.UseSqlite(ConnectionString(databasePath)).AddInterceptors(SqlitePragmaInterceptor.Instance);

    /// <summary>Applies pending migrations and switches the file to write-ahead logging. Call once at start-up, not
    /// while the host is being built. Returns the journal mode SQLite reports afterwards ("wal").</summary>
    public static async Task<string> MigrateAsync(IDbContextFactory<LewelDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        // WAL is a property of the file (it persists), so once is enough: readers (API, pages) then never block the
        // writer (metric batches) and the writer never blocks them.
        return await ScalarAsync(db, "PRAGMA journal_mode=WAL;", cancellationToken);
    }

    public static async Task<string> ScalarAsync(LewelDbContext db, string sql, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
