using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Lewel.Data;

namespace Lewel.Web.Hosting;

/// <summary>The job queue lives beside the store: <c>{DataDir}/jobs.db</c> with SQLite, or the <c>hangfire</c> schema
/// of the same PostgreSQL database, which every web and worker host of a deployment shares.</summary>
public static class JobStorageFactory
{
    public static JobStorage Create(StoreSettings store, DataDirectory dataDirectory, TimeSpan queuePollInterval)
    {
        if (store.IsPostgres)
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(store.ConnectionString!, new PostgreSqlStorageOptions()),
                new PostgreSqlStorageOptions
                {
                    QueuePollInterval = queuePollInterval,
                    PrepareSchemaIfNecessary = true,
                });
        }
        Directory.CreateDirectory(dataDirectory.Root);
        return new SQLiteStorage(dataDirectory.JobsDatabasePath, new SQLiteStorageOptions
        {
            QueuePollInterval = queuePollInterval,
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
        });
    }
}
