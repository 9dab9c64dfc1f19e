using Lewel.Data.Stores;
using Lewel.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Data.Tests.TestSupport;

/// <summary>A migrated store in a fresh temporary data directory, deleted on dispose: on SQLite (the data directory's
/// <c>lewel.db</c>), or on a fresh database of a throwaway PostgreSQL cluster.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static (PostgresCluster Cluster, string Database)? template;
    private readonly ServiceProvider services;
    private readonly PostgresCluster? postgres;
    private readonly string? database;

    private TempStore(string root, PostgresCluster? postgres, string? database)
    {
        Directory = new DataDirectory(root);
        this.postgres = postgres;
        this.database = database;
        var settings = postgres is null ? null : StoreSettings.ForPostgres(postgres.ConnectionString(database!));
        services = new ServiceCollection().AddLewelData(Directory, settings).BuildServiceProvider();
    }

    public DataDirectory Directory { get; }
    public IDbContextFactory<LewelDbContext> Contexts => services.GetRequiredService<IDbContextFactory<LewelDbContext>>();
    public RunStore Runs => services.GetRequiredService<RunStore>();
    public RunBatchWriter Writer => services.GetRequiredService<RunBatchWriter>();
    public MetricReader Metrics => services.GetRequiredService<MetricReader>();
    public ArtifactReader Artifacts => services.GetRequiredService<ArtifactReader>();
    public string JournalMode { get; private set; } = "";

    public static Task<TempStore> CreateAsync() => CreateAsync(null);

    /// <summary>With <paramref name="postgres"/>, the store is a copy of a database migrated once per cluster (a
    /// template: a fresh migration per test would cost more than the test).</summary>
    public static async Task<TempStore> CreateAsync(PostgresCluster? postgres)
    {
        var root = Path.Combine(Path.GetTempPath(), "lewel-data-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(root);
        var database = postgres is null ? null : await CloneMigratedAsync(postgres);
        var store = new TempStore(root, postgres, database);
        store.JournalMode = await StoreMigrator.MigrateAsync(store.Contexts);
        return store;
    }

    private static async Task<string> CloneMigratedAsync(PostgresCluster postgres)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (template is not { } known || known.Cluster != postgres)
            {
                var name = await postgres.CreateDatabaseAsync("lewel_template");
                await using (var migrate = new ServiceCollection()
                    .AddLewelData(new DataDirectory(Path.GetTempPath()), StoreSettings.ForPostgres(postgres.ConnectionString(name)))
                    .BuildServiceProvider())
                {
                    await StoreMigrator.MigrateAsync(migrate.GetRequiredService<IDbContextFactory<LewelDbContext>>());
                }
                Npgsql.NpgsqlConnection.ClearAllPools(); // a template may have no connections while it is copied
                template = (postgres, name);
            }
            return await postgres.CreateDatabaseAsync("lewel", template.Value.Database);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        if (postgres is not null) await postgres.DropDatabaseAsync(database!);
        else SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory.Root, recursive: true); } catch (IOException) { }
    }
}
