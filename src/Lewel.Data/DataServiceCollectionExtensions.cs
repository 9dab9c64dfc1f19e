using Lewel.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lewel.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the store, on <c>{dataDirectory}/lewel.db</c> or, with <paramref name="store"/> set to
    /// PostgreSQL, on that database: a context factory (one context per operation, safe in Blazor circuits and jobs)
    /// and the stores. Opens nothing; <see cref="StoreMigrator.MigrateAsync"/> does.</summary>
    public static IServiceCollection AddLewelData(this IServiceCollection services, DataDirectory dataDirectory, StoreSettings? store = null)
    {
        store = (store ?? StoreSettings.SqliteDefault).Validate();
        services.AddSingleton(dataDirectory);
        services.AddSingleton(store);
        services.TryAddSingleton(TimeProvider.System);
        if (store.IsPostgres)
            services.AddDbContextFactory<LewelDbContext>(o => o.UseLewelPostgres(store.ConnectionString!));
        else
            services.AddDbContextFactory<LewelDbContext>(o => o.UseLewelSqlite(dataDirectory.DatabasePath));
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunBatchWriter>();
        services.AddSingleton<MetricReader>();
        services.AddSingleton<ArtifactReader>();
        services.AddSingleton<StudyStore>();
        services.AddSingleton<WorkerStore>();
        return services;
    }
}
