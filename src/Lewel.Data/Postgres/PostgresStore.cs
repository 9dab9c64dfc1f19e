using Microsoft.EntityFrameworkCore;

namespace Lewel.Data;

/// <summary>How the store opens PostgreSQL. Its migrations live in their own assembly (<see cref="MigrationsAssembly"/>,
/// <c>src/Lewel.Data.Postgres</c>), because EF keeps one migration history per provider; every host that may use
/// PostgreSQL references that project.</summary>
public static class PostgresStore
{
    public const string MigrationsAssembly = "Lewel.Data.Postgres";

    public static DbContextOptionsBuilder UseLewelPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));
}
