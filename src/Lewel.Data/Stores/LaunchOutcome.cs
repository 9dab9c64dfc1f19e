using Lewel.Data.Entities;

namespace Lewel.Data.Stores;

/// <summary>An idempotency key and the hash of the request that uses it.</summary>
public sealed record LaunchKeyClaim(string Key, string RequestHash);

/// <summary>What <see cref="RunStore.CreateLaunchAsync"/> did: created <see cref="Runs"/>, or (<see cref="Created"/>
/// false) found that an earlier launch holds the key; then <see cref="Runs"/> are that launch's runs and
/// <see cref="EarlierRequestHash"/> the hash it stored.</summary>
public sealed record LaunchOutcome(IReadOnlyList<Run> Runs, bool Created, string? EarlierRequestHash = null)
{
    /// <summary>True when the earlier launch's request differs from this one (an unknown earlier hash matches).</summary>
    public bool IsOtherRequest(string requestHash) =>
        !Created && !string.IsNullOrEmpty(EarlierRequestHash) && !string.Equals(EarlierRequestHash, requestHash, StringComparison.Ordinal);
}
