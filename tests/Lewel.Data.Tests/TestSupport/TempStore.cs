using Lewel.Data.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Data.Tests.TestSupport;

/// <summary>A migrated store in a fresh temporary data directory, deleted on dispose.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private TempStore(string root)
    {
        Directory = new DataDirectory(root);
        services = new ServiceCollection().AddLewelData(Directory).BuildServiceProvider();
    }

    public DataDirectory Directory { get; }
    public IDbContextFactory<LewelDbContext> Contexts => services.GetRequiredService<IDbContextFactory<LewelDbContext>>();
    public RunStore Runs => services.GetRequiredService<RunStore>();
    public RunBatchWriter Writer => services.GetRequiredService<RunBatchWriter>();
    public MetricReader Metrics => services.GetRequiredService<MetricReader>();
    public ArtifactReader Artifacts => services.GetRequiredService<ArtifactReader>();
    public string JournalMode { get; private set; } = "";

    public static async Task<TempStore> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "lewel-data-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(root);
        var store = new TempStore(root);
        store.JournalMode = await SqliteStore.MigrateAsync(store.Contexts);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory.Root, recursive: true); } catch (IOException) { }
    }
}
