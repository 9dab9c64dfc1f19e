using Lewel.Data.Tests.TestSupport;
using Lewel.Tests.Postgres;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Tests.Stores;

// The store tests again, on PostgreSQL (Lewel:Store:Provider=postgres): each test gets a fresh database of one
// throwaway cluster. SQLite-only behaviour (WAL, pragmas, query plans, the SQLite migration history) stays in
// SqliteStoreTests, MocoV2PlusMigrationTests and LaunchKeyMigrationTests.

[Collection(PostgresCollection.Name)]
public sealed class PostgresRunStoreTests(PostgresCluster postgres) : RunStoreTests
{
    protected override Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync(postgres);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRunBatchWriterTests(PostgresCluster postgres) : RunBatchWriterTests
{
    protected override Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync(postgres);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLaunchKeyStoreTests(PostgresCluster postgres) : LaunchKeyStoreTests
{
    protected override Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync(postgres);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStudyStoreTests(PostgresCluster postgres) : StudyStoreTests
{
    protected override Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync(postgres);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster postgres)
{
    [Fact]
    public async Task Model_HasNoChangesMissingFromThePostgresMigrations()
    {
        await using var store = await TempStore.CreateAsync(postgres);
        Assert.Equal("postgres", store.JournalMode);
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.True(db.Database.IsNpgsql());
        Assert.False(db.Database.HasPendingModelChanges(), "run: scripts/add-migration.sh <Name> (adds the migration for both providers)");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
