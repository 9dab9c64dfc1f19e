using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class StudyConfiguration : IEntityTypeConfiguration<Study>
{
    public void Configure(EntityTypeBuilder<Study> study)
    {
        study.ToTable("Studies");
        study.HasKey(s => s.Id);
        study.Property(s => s.Name).HasMaxLength(Study.MaxNameLength);
        study.Property(s => s.Baseline).HasMaxLength(32);
        study.Property(s => s.Lewel).HasMaxLength(32);
        study.Property(s => s.Budget).HasMaxLength(64);
        study.PrimitiveCollection(s => s.Seeds);
        study.HasMany(s => s.Runs).WithOne().HasForeignKey(r => r.StudyId).OnDelete(DeleteBehavior.Cascade);
        study.HasIndex(s => s.CreatedAt);
    }
}

internal sealed class StudyRunConfiguration : IEntityTypeConfiguration<StudyRun>
{
    public void Configure(EntityTypeBuilder<StudyRun> run)
    {
        run.ToTable("StudyRuns");
        run.HasKey(r => new { r.StudyId, r.RunId });
        run.Property(r => r.Method).HasMaxLength(32);
        // Deleting a run takes it out of its study; the study keeps its other runs.
        run.HasOne<Run>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        run.HasIndex(r => r.RunId);
    }
}
