using Lewel.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

internal sealed class LaunchKeyRecordConfiguration : IEntityTypeConfiguration<LaunchKeyRecord>
{
    public void Configure(EntityTypeBuilder<LaunchKeyRecord> key)
    {
        key.ToTable("LaunchKeys");
        key.HasKey(k => k.Key);
        key.Property(k => k.Key).HasMaxLength(LaunchKeyRecord.MaxKeyLength);
        key.Property(k => k.RequestHash).HasMaxLength(64);
    }
}
