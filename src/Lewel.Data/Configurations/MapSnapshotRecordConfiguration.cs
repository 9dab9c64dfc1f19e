using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class MapSnapshotRecordConfiguration : IEntityTypeConfiguration<MapSnapshotRecord>
{
    public void Configure(EntityTypeBuilder<MapSnapshotRecord> s)
    {
        s.ToTable("MapSnapshots");
        s.HasKey(x => x.Id);
        s.PrimitiveCollection(x => x.HeadPngPaths);
        s.PrimitiveCollection(x => x.View1Box);
        s.PrimitiveCollection(x => x.View2Box);
        s.HasOne<Run>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        // A resumed run that repeats a step replaces that step's snapshot.
        s.HasIndex(x => new { x.RunId, x.Step, x.ProbeIndex }).IsUnique();
    }
}
