using Lewel.Data.Configurations;
using Lewel.Data.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Tests.Stores;

public class SqliteStoreTests
{
    [Fact]
    public async Task MigrateAsync_SwitchesTheFileToWalAndConnectionsUseSynchronousNormal()
    {
        await using var store = await TempStore.CreateAsync();
        Assert.Equal("wal", store.JournalMode);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal("wal", await SqliteStore.ScalarAsync(db, "PRAGMA journal_mode;"));
        Assert.Equal("1", await SqliteStore.ScalarAsync(db, "PRAGMA synchronous;")); // 1 = NORMAL
        Assert.Equal("1", await SqliteStore.ScalarAsync(db, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task MigrateAsync_CreatesTheMetricIndexesThatChartsAndComparisonsUse()
    {
        await using var store = await TempStore.CreateAsync();
        await using var db = await store.Contexts.CreateDbContextAsync();
        // The primary key (RunId, Name, Step) is the table itself (WITHOUT ROWID): a chart's series is one range of it.
        var pk = await SqliteStore.ScalarAsync(db,
            "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info((SELECT name FROM pragma_index_list('MetricPoints') WHERE origin = 'pk')) ORDER BY seqno);");
        Assert.Equal("RunId,Name,Step", pk);
        var byName = await SqliteStore.ScalarAsync(db,
            $"SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info('{MetricPointIndexes.NameRun}') ORDER BY seqno);");
        Assert.Equal("Name,RunId", byName);
        var plan = await QueryPlanAsync(db, "SELECT Value FROM MetricPoints WHERE RunId = 1 AND Name = 'loss' ORDER BY Step");
        Assert.Contains("USING PRIMARY KEY (RunId=? AND Name=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> QueryPlanAsync(LewelDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync();
        var details = new List<string>();
        while (await reader.ReadAsync()) details.Add(reader.GetString(3));
        return string.Join(" | ", details);
    }

    [Fact]
    public async Task Model_HasNoChangesMissingFromTheCheckedInMigrations()
    {
        await using var store = await TempStore.CreateAsync();
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.False(db.Database.HasPendingModelChanges(), "run: scripts/add-migration.sh <Name> (adds the migration for both providers)");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
