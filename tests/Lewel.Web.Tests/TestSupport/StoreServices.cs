using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>A migrated store and a notifier without a web host, for tests of the run services themselves.</summary>
public sealed class StoreServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private bool keepDirectory;

    private StoreServices(string root)
    {
        var services = new ServiceCollection().AddLewelData(new DataDirectory(root));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<RunNotifier>();
        provider = services.BuildServiceProvider();
    }

    public DataDirectory Directory => provider.GetRequiredService<DataDirectory>();
    public RunStore Runs => provider.GetRequiredService<RunStore>();
    public RunBatchWriter Writer => provider.GetRequiredService<RunBatchWriter>();
    public MetricReader Metrics => provider.GetRequiredService<MetricReader>();
    public ArtifactReader Artifacts => provider.GetRequiredService<ArtifactReader>();
    public RunNotifier Notifier => provider.GetRequiredService<RunNotifier>();
    public T Service<T>() where T : notnull => provider.GetRequiredService<T>();

    public static async Task<StoreServices> CreateAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "lewel-runs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(root);
        var services = new StoreServices(root);
        await SqliteStore.MigrateAsync(services.provider.GetRequiredService<IDbContextFactory<LewelDbContext>>());
        return services;
    }

    /// <summary>The store of an existing data directory (left in place on dispose).</summary>
    public static async Task<StoreServices> OpenAsync(string root)
    {
        var services = new StoreServices(root) { keepDirectory = true };
        await SqliteStore.MigrateAsync(services.provider.GetRequiredService<IDbContextFactory<LewelDbContext>>());
        return services;
    }

    public Task<Run> CreateRunAsync(string method = "lewel-b") => Runs.CreateAsync(new NewRun("t", RunKind.Pretrain, method,
        "{\"method\":\"" + method + "\"}", "shapes:size=16,n=64", "resnet18", 1, "cpu", "cpu", 0));

    public async ValueTask DisposeAsync()
    {
        var root = Directory.Root;
        await provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!keepDirectory) LewelHost.DeleteDataDir(root);
    }
}
