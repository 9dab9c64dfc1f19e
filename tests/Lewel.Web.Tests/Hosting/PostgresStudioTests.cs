using System.Net;
using Hangfire;
using Hangfire.PostgreSql;
using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Tests.Postgres;
using Lewel.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lewel.Web.Tests.Hosting;

/// <summary>The studio with Lewel:Store:Provider=postgres: the store and the job queue live in PostgreSQL (a throwaway
/// cluster). Runs executing from that queue on worker hosts: ScaleOutTests.</summary>
[Collection(HostCollection.Name)]
public sealed class PostgresStudioTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task TheStudio_KeepsItsStoreAndJobQueueInPostgres()
    {
        var database = await postgres.CreateDatabaseAsync();
        var connectionString = postgres.ConnectionString(database);
        try
        {
            await using (var host = new LewelHost(cpuWorkers: 0, settings: new Dictionary<string, string>
            {
                ["Lewel:Store:Provider"] = "postgres",
                ["ConnectionStrings:Lewel"] = connectionString,
            }))
            {
                Assert.IsType<PostgreSqlStorage>(host.Services.GetRequiredService<JobStorage>());
                await using (var db = await host.Services.GetRequiredService<IDbContextFactory<LewelDbContext>>().CreateDbContextAsync())
                    Assert.True(db.Database.IsNpgsql());
                var detail = await host.PostJsonAsync("/api/runs", Configs.Tiny("byol", steps: 4), HttpStatusCode.Created);
                Assert.Equal("queued", detail.GetProperty("run").GetProperty("status").GetString());
                Assert.False(File.Exists(Path.Combine(host.DataDir, "lewel.db")), "the store must not fall back to SQLite");
                Assert.False(File.Exists(Path.Combine(host.DataDir, "jobs.db")), "the job queue must not fall back to SQLite");
            }

            // Read straight from the database: the run and its job are PostgreSQL's rows.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var runs = new NpgsqlCommand("SELECT count(*) FROM \"Runs\" WHERE \"Status\" = 'Queued'", connection);
            Assert.Equal(1L, (long)(await runs.ExecuteScalarAsync())!);
            await using var jobs = new NpgsqlCommand("SELECT count(*) FROM hangfire.job WHERE statename = 'Enqueued'", connection);
            Assert.Equal(1L, (long)(await jobs.ExecuteScalarAsync())!);
        }
        finally
        {
            await postgres.DropDatabaseAsync(database);
        }
    }

    [Theory]
    [InlineData("mysql", null, "Lewel:Store:Provider: 'mysql' is not a store provider")]
    [InlineData("postgres", null, "ConnectionStrings:Lewel is required when Lewel:Store:Provider is 'postgres'")]
    public void ABadStoreSetting_StopsTheStudioWithAMessageNamingIt(string provider, string? connectionString, string expected)
    {
        var settings = new Dictionary<string, string> { ["Lewel:Store:Provider"] = provider };
        if (connectionString is not null) settings["ConnectionStrings:Lewel"] = connectionString;
        var error = Assert.ThrowsAny<Exception>(() => new LewelHost(settings: settings));
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
