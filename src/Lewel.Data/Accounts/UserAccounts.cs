using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Accounts;

/// <summary>Creates users, lists them and changes their role, for the CLI (<c>lewel users</c>) and the user admin
/// page. Scoped: it works through Identity's <see cref="UserManager{TUser}"/>.</summary>
public sealed class UserAccounts(UserManager<LewelUser> users, IDbContextFactory<LewelDbContext> contexts)
{
    public sealed record Listed(string Id, string UserName, string? Role, int ActiveTokens, bool LockedOut);

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    public Task<LewelUser?> FindAsync(string userName) => users.FindByNameAsync(userName);

    /// <summary>Creates <paramref name="userName"/> with <paramref name="role"/>. Throws <see cref="AccountException"/>
    /// naming what is wrong (a taken name, a short password, an unknown role).</summary>
    public async Task<LewelUser> CreateAsync(string userName, string password, string role)
    {
        if (!LewelRoles.IsRole(role))
            throw new AccountException($"role: '{role}' is not a role; use one of {string.Join(", ", LewelRoles.All)}.");
        var user = new LewelUser(userName);
        Check(await users.CreateAsync(user, password), "user");
        Check(await users.AddToRoleAsync(user, role), "role");
        return user;
    }

    public async Task<string?> RoleOfAsync(LewelUser user) => (await users.GetRolesAsync(user)).MaxBy(LewelRoles.Rank);

    public async Task SetRoleAsync(string userName, string role)
    {
        if (!LewelRoles.IsRole(role))
            throw new AccountException($"role: '{role}' is not a role; use one of {string.Join(", ", LewelRoles.All)}.");
        var user = await users.FindByNameAsync(userName) ?? throw new AccountException($"user: there is no user '{userName}'.");
        var current = await users.GetRolesAsync(user);
        if (current.Count > 0) Check(await users.RemoveFromRolesAsync(user, current), "role");
        Check(await users.AddToRoleAsync(user, role), "role");
        // Sign-in cookies carry the role: a new security stamp makes the user sign in again with the new one.
        Check(await users.UpdateSecurityStampAsync(user), "user");
    }

    public async Task<IReadOnlyList<Listed>> ListAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null && t.ExpiresAt > now)
            .GroupBy(t => t.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var listed = new List<Listed>();
        foreach (var user in all)
        {
            var role = await ApiTokenStore.RoleOfAsync(db, user.Id, cancellationToken);
            listed.Add(new Listed(user.Id, user.UserName ?? "", role, tokens.GetValueOrDefault(user.Id),
                user.LockoutEnd is { } end && end > new DateTimeOffset(now, TimeSpan.Zero)));
        }
        return listed;
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw new AccountException($"{field}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}

/// <summary>An account operation that cannot be done; the message names the field and the reason.</summary>
public sealed class AccountException(string message) : Exception(message);
