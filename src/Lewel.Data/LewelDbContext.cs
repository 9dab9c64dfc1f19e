using Lewel.Data.Configurations;
using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data;

/// <summary>The store: runs, their history, metrics, evaluations, checkpoints and map snapshots (one SQLite file,
/// <c>{DataDir}/lewel.db</c>). Create one per operation through <c>IDbContextFactory&lt;LewelDbContext&gt;</c>.
/// New migration: <c>dotnet ef migrations add NAME --project src/Lewel.Data</c> (uses
/// <see cref="DesignTimeDbContextFactory"/>, so no web host is started).</summary>
public sealed class LewelDbContext(DbContextOptions<LewelDbContext> options) : DbContext(options)
{
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<RunEvent> RunEvents => Set<RunEvent>();
    public DbSet<MetricPoint> MetricPoints => Set<MetricPoint>();
    public DbSet<EvaluationResult> EvaluationResults => Set<EvaluationResult>();
    public DbSet<CheckpointRecord> Checkpoints => Set<CheckpointRecord>();
    public DbSet<MapSnapshotRecord> MapSnapshots => Set<MapSnapshotRecord>();
    public DbSet<LaunchKeyRecord> LaunchKeys => Set<LaunchKeyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LewelDbContext).Assembly);
}
