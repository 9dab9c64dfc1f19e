using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lewel.Data.Postgres;

/// <summary>Used by <c>dotnet ef</c> only: builds the context on PostgreSQL without a host. Adding a migration opens
/// no connection; <c>database update</c> uses <c>ConnectionStrings__Lewel</c> when it is set.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<LewelDbContext>
{
    public LewelDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Lewel") is { Length: > 0 } configured
            ? configured
            : "Host=localhost;Database=lewel_design;Username=lewel";
        var options = new DbContextOptionsBuilder<LewelDbContext>();
        options.UseLewelPostgres(connectionString);
        return new LewelDbContext(options.Options);
    }
}
