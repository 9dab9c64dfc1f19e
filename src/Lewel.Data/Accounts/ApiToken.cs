namespace Lewel.Data.Accounts;

/// <summary>A personal API token. Only the SHA-256 hash of its secret is stored; the token itself is shown once,
/// when it is created.</summary>
public sealed class ApiToken
{
    private ApiToken() { }

    public ApiToken(string userId, string name, string secretHash, DateTime createdAt, DateTime expiresAt)
    {
        UserId = userId;
        Name = name;
        SecretHash = secretHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>Lower-case hex SHA-256 of the whole token text.</summary>
    public string SecretHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }

    public bool IsActive(DateTime now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public void MarkUsed(DateTime now) => LastUsedAt = now;
}
