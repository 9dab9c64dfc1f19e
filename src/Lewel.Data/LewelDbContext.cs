using Lewel.Data.Accounts;
using Lewel.Data.Configurations;
using Lewel.Data.Entities;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data;

/// <summary>The store: runs, their history, metrics, evaluations, checkpoints and map snapshots, and the accounts
/// (ASP.NET Core Identity's users and roles, and personal API tokens) in the same file (one SQLite file,
/// <c>{DataDir}/lewel.db</c>). Create one per operation through <c>IDbContextFactory&lt;LewelDbContext&gt;</c>.
/// New migration: <c>dotnet ef migrations add NAME --project src/Lewel.Data</c> (uses
/// <see cref="DesignTimeDbContextFactory"/>, so no web host is started).</summary>
public sealed class LewelDbContext(DbContextOptions<LewelDbContext> options) : IdentityDbContext<LewelUser>(options)
{
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<RunEvent> RunEvents => Set<RunEvent>();
    public DbSet<MetricPoint> MetricPoints => Set<MetricPoint>();
    public DbSet<EvaluationResult> EvaluationResults => Set<EvaluationResult>();
    public DbSet<CheckpointRecord> Checkpoints => Set<CheckpointRecord>();
    public DbSet<MapSnapshotRecord> MapSnapshots => Set<MapSnapshotRecord>();
    public DbSet<LaunchKeyRecord> LaunchKeys => Set<LaunchKeyRecord>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Study> Studies => Set<Study>();
    public DbSet<StudyRun> StudyRuns => Set<StudyRun>();
    public DbSet<WorkerRecord> Workers => Set<WorkerRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's tables first; the configurations below add to them
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LewelDbContext).Assembly);
    }
}
