using Lewel.Data;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Web.Hosting;

/// <summary>Prepares the data directory when the host starts (never while it is being built, so <c>dotnet ef</c> and
/// tooling stay side-effect free): creates the folders, applies migrations (on SQLite also turning on WAL), and removes
/// run folders that an interrupted delete left behind. Registered before the job servers, so no job runs on an old schema.</summary>
internal sealed class StoreInitializer(DataDirectory dataDirectory, StoreSettings store, IDbContextFactory<LewelDbContext> contexts,
    ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory.RunsRoot);
        var journal = await StoreMigrator.MigrateAsync(contexts, cancellationToken);
        if (!store.IsPostgres && !string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
            logger.LogWarning("SQLite kept journal mode '{Mode}' for {Path} (WAL is expected)", journal, dataDirectory.DatabasePath);
        var purged = dataDirectory.PurgeDeleted();
        if (purged > 0) logger.LogInformation("Removed {Count} run folders left by interrupted deletes", purged);
        logger.LogInformation("Data directory {Root} ready", dataDirectory.Root);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
