using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class WorkerRecordConfiguration : IEntityTypeConfiguration<WorkerRecord>
{
    public void Configure(EntityTypeBuilder<WorkerRecord> worker)
    {
        worker.ToTable("Workers");
        worker.HasKey(w => w.Id);
        worker.Property(w => w.Id).HasMaxLength(WorkerRecord.MaxIdLength);
        worker.Property(w => w.Machine).HasMaxLength(256);
        worker.PrimitiveCollection(w => w.Queues);
        worker.PrimitiveCollection(w => w.Devices);
        worker.HasIndex(w => w.HeartbeatAt);
    }
}
