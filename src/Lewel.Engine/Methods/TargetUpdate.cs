namespace Lewel.Engine.Methods;

/// <summary>How the target network follows the online one (lewel-method.md §4.3, §10.14).</summary>
public enum TargetUpdate
{
    /// <summary>EMA of the parameters only; the target stays in train mode and keeps its own BN statistics.</summary>
    Ema,
    /// <summary>EMA of parameters and BN running statistics (<c>num_batches_tracked</c> copied); the target is always in
    /// eval mode, so its BN normalises with those averaged statistics.</summary>
    Eman,
}

public static class TargetUpdates
{
    public const string EmaId = "ema";
    public const string EmanId = "eman";
    public static readonly IReadOnlyList<string> Ids = [EmaId, EmanId];

    public static bool TryParse(string? id, out TargetUpdate update)
    {
        switch (id)
        {
            case EmaId: update = TargetUpdate.Ema; return true;
            case EmanId: update = TargetUpdate.Eman; return true;
            default: update = default; return false;
        }
    }

    public static TargetUpdate Parse(string id) => TryParse(id, out var update)
        ? update
        : throw new ArgumentException($"Unknown target update '{id}': expected one of {string.Join(", ", Ids)}.", nameof(id));
}
