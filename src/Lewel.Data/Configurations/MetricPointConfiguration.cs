using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class MetricPointConfiguration : IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<MetricPoint> m)
    {
        m.ToTable("MetricPoints");
        // The natural key doubles as the (RunId, Name, Step) index that every chart query uses, and it saves a
        // surrogate key plus its AUTOINCREMENT bookkeeping on every one of the million rows a long run writes.
        m.HasKey(x => new { x.RunId, x.Name, x.Step }).HasName(MetricPointIndexes.RunNameStep);
        m.Property(x => x.Name).HasMaxLength(128);
        // Unix milliseconds: a quarter of the bytes of the text form, and a million rows per long run add up.
        m.Property(x => x.Time).HasConversion(UnixMillisecondsConverter.Instance);
        m.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        m.HasIndex(x => new { x.Name, x.RunId }).HasDatabaseName(MetricPointIndexes.NameRun);
    }
}

public static class MetricPointIndexes
{
    public const string RunNameStep = "PK_MetricPoints";
    public const string NameRun = "IX_MetricPoints_Name_RunId";
}
