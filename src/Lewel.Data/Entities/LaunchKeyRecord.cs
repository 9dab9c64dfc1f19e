namespace Lewel.Data.Entities;

/// <summary>An idempotency key a launch claimed, with a hash of the request that claimed it. The key is the table's
/// primary key, so of two launches racing with one key exactly one can store it; the other finds the first one's runs.
/// The runs it created carry the same key in <see cref="Run.LaunchKey"/>.</summary>
public sealed class LaunchKeyRecord
{
    public const int MaxKeyLength = 200;

    private LaunchKeyRecord() { }

    public LaunchKeyRecord(string key, string requestHash, DateTime createdAt)
    {
        Key = key;
        RequestHash = requestHash;
        CreatedAt = createdAt;
    }

    public string Key { get; private set; } = "";
    /// <summary>SHA-256 (hex) of the normalised request; empty for keys stored before requests were hashed.</summary>
    public string RequestHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}
