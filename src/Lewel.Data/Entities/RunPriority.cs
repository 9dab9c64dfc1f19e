namespace Lewel.Data.Entities;

/// <summary>A waiting run's level in its queue: every high run is taken before any normal one, every normal one before
/// any low one.</summary>
public enum RunPriority
{
    High,
    Normal,
    Low,
}
