using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> run)
    {
        run.ToTable("Runs");
        run.HasKey(r => r.Id);
        // AUTOINCREMENT: a deleted run's id (and so its run directory name) is never handed out again.
        run.Property(r => r.Id).ValueGeneratedOnAdd().HasAnnotation("Sqlite:Autoincrement", true);
        run.Property(r => r.Name).HasMaxLength(200);
        run.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Method).HasMaxLength(32);
        run.Property(r => r.Dataset).HasMaxLength(1000);
        run.Property(r => r.Backbone).HasMaxLength(64);
        run.Property(r => r.Device).HasMaxLength(32);
        run.Property(r => r.Queue).HasMaxLength(16);
        run.Property(r => r.Priority).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Worker).HasMaxLength(WorkerRecord.MaxIdLength);
        run.Property(r => r.Host).HasMaxLength(256);
        run.Property(r => r.CodeVersion).HasMaxLength(64);
        run.Property(r => r.PairingKey).HasMaxLength(64);
        run.Property(r => r.LaunchKey).HasMaxLength(LaunchKeyRecord.MaxKeyLength);
        run.Property(r => r.JobId).HasMaxLength(64);
        run.Property(r => r.LaunchedBy).HasMaxLength(256);
        run.Property(r => r.RunDir).HasMaxLength(260);
        run.Property(r => r.Version).IsConcurrencyToken();
        run.PrimitiveCollection(r => r.Tags);

        run.HasMany(r => r.History).WithOne().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        run.Navigation(r => r.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        run.HasOne<Run>().WithMany().HasForeignKey(r => r.ParentRunId).OnDelete(DeleteBehavior.SetNull);

        run.HasIndex(r => r.Status);
        run.HasIndex(r => r.CreatedAt);
        run.HasIndex(r => r.PairingKey);
        run.HasIndex(r => r.LaunchKey);
        run.HasIndex(r => r.ParentRunId);
    }
}
