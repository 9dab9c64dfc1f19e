using Lewel.Data;

namespace Lewel.Web.Runs.CrossProcess;

public static class CrossProcessUpdatesExtensions
{
    /// <summary>With the PostgreSQL store: a host that runs jobs sends its runs' live updates to the other hosts
    /// (LISTEN/NOTIFY), and a host with browsers (<paramref name="listen"/>) receives theirs. Nothing with SQLite.</summary>
    public static IServiceCollection AddCrossProcessRunUpdates(this IServiceCollection services, StoreSettings store, bool runsJobs, bool listen)
    {
        if (!store.IsPostgres) return services;
        services.AddSingleton<RunUpdateRelay>();
        if (runsJobs) services.AddHostedService<PostgresRunUpdatePublisher>();
        if (listen) services.AddHostedService<PostgresRunUpdateListener>();
        return services;
    }
}
