using Microsoft.EntityFrameworkCore;

namespace Lewel.Data.Accounts;

/// <summary>Creates, checks and revokes personal API tokens. The token text exists only in the value
/// <see cref="CreateAsync"/> returns; the store keeps its hash.</summary>
public sealed class ApiTokenStore(IDbContextFactory<LewelDbContext> contexts, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3650);
    public const int MaxNameLength = 100;
    /// <summary>"Last used" is written at most this often per token, so that every request does not write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public sealed record Created(ApiToken Token, string Text);

    /// <summary>A token that the bearer handler accepted, with its owner's name and role.</summary>
    public sealed record Validated(ApiToken Token, string UserId, string UserName, string? Role);

    public async Task<Created> CreateAsync(string userId, string name, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
            throw new ArgumentException($"A token name must have 1 to {MaxNameLength} characters (got {trimmed.Length}).", nameof(name));
        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero || life > MaxLifetime)
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"A token lives between 1 day and {MaxLifetime.TotalDays:0} days (got {life.TotalDays:0.##}).");
        var text = ApiTokenSecret.Generate();
        var now = time.GetUtcNow().UtcDateTime;
        var token = new ApiToken(userId, trimmed, ApiTokenSecret.Hash(text), now, now + life);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(token, text);
    }

    /// <summary>The token's owner when <paramref name="text"/> is a token that exists, is not revoked and has not
    /// expired; null otherwise (the caller cannot tell which, by design).</summary>
    public async Task<Validated?> ValidateAsync(string text, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenSecret.LooksLikeToken(text)) return null;
        var hash = ApiTokenSecret.Hash(text);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        if (token is null || !token.IsActive(now)) return null;
        var user = await db.Users.Where(u => u.Id == token.UserId).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken);
        if (user?.UserName is null) return null;
        var role = await RoleOfAsync(db, user.Id, cancellationToken);
        if (token.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new Validated(token, user.Id, user.UserName, role);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of <paramref name="userId"/>'s tokens. Returns false when the user has no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, long tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null) return false;
        token.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Revokes every active token of the user. Returns how many it revoked.</summary>
    public async Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var active = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var token in active) token.Revoke(now);
        await db.SaveChangesAsync(cancellationToken);
        return active.Count;
    }

    internal static async Task<string?> RoleOfAsync(LewelDbContext db, string userId, CancellationToken cancellationToken)
    {
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == userId
                           select r.Name).ToListAsync(cancellationToken);
        return roles.MaxBy(LewelRoles.Rank);
    }
}
