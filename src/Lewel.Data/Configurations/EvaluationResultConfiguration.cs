using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class EvaluationResultConfiguration : IEntityTypeConfiguration<EvaluationResult>
{
    public void Configure(EntityTypeBuilder<EvaluationResult> e)
    {
        e.ToTable("EvaluationResults");
        e.HasKey(x => x.Id);
        e.Property(x => x.Protocol).HasMaxLength(64);
        e.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.RunId, x.Protocol, x.Step });
    }
}
