using Lewel.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lewel.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the store on <c>{dataDirectory}/lewel.db</c>: a context factory (one context per operation,
    /// safe in Blazor circuits and jobs) and the stores. Opens nothing; <see cref="SqliteStore.MigrateAsync"/> does.</summary>
    public static IServiceCollection AddLewelData(this IServiceCollection services, DataDirectory dataDirectory)
    {
        services.AddSingleton(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContextFactory<LewelDbContext>(o => o.UseLewelSqlite(dataDirectory.DatabasePath));
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunBatchWriter>();
        services.AddSingleton<MetricReader>();
        services.AddSingleton<ArtifactReader>();
        services.AddSingleton<StudyStore>();
        return services;
    }
}
