using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.Data.Accounts;

public static class AccountServiceCollectionExtensions
{
    public const int MinPasswordLength = 10;

    /// <summary>Identity's user and role managers on the store's own database, the token store and
    /// <see cref="UserAccounts"/>. Call after <see cref="DataServiceCollectionExtensions.AddLewelData"/>. Passwords:
    /// at least <see cref="MinPasswordLength"/> characters, no composition rules (length matters, not symbols).</summary>
    public static IdentityBuilder AddLewelAccounts(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenStore>();
        services.AddScoped<UserAccounts>();
        return services.AddIdentityCore<LewelUser>(o =>
            {
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LewelDbContext>();
    }
}
