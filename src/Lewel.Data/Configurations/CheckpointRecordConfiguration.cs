using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class CheckpointRecordConfiguration : IEntityTypeConfiguration<CheckpointRecord>
{
    public void Configure(EntityTypeBuilder<CheckpointRecord> c)
    {
        c.ToTable("Checkpoints");
        c.HasKey(x => x.Id);
        c.Property(x => x.RelativePath).HasMaxLength(400);
        c.Ignore(x => x.FileName);
        c.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        c.HasIndex(x => new { x.RunId, x.RelativePath }).IsUnique();
    }
}
