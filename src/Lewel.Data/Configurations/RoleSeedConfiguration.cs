using Lewel.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lewel.Data.Configurations;

/// <summary>The three roles exist in every store (fixed ids, so the migration is stable).</summary>
internal sealed class RoleSeedConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> role) => role.HasData(
        Seed("9b0f4c63-8d0e-4d1e-9a57-000000000001", LewelRoles.Viewer),
        Seed("9b0f4c63-8d0e-4d1e-9a57-000000000002", LewelRoles.Researcher),
        Seed("9b0f4c63-8d0e-4d1e-9a57-000000000003", LewelRoles.Admin));

    private static IdentityRole Seed(string id, string name) =>
        new(name) { Id = id, NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = id };
}
