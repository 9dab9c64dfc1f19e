using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lewel.Data;

/// <summary>Used by <c>dotnet ef</c> only: builds the context against a scratch database file, without a host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LewelDbContext>
{
    public LewelDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LewelDbContext>()
            .UseSqlite(SqliteStore.ConnectionString(Path.Combine(Path.GetTempPath(), "lewel-design.db")))
            .Options;
        return new LewelDbContext(options);
    }
}
