namespace Lewel.Engine.Data;

/// <summary>How <see cref="DatasetCatalog.Open"/> opens a spec.</summary>
public sealed record DatasetOpenOptions
{
    /// <summary>Where generated data sets (<c>shapes</c>) are cached; null generates without caching.</summary>
    public string? CacheDir { get; init; }

    /// <summary>The side the run trains at. When set, images of another size are resized (shorter side to this size,
    /// then a centre crop; masks by nearest neighbour). Image folders use it as their decode size (default 32).</summary>
    public int? ImageSize { get; init; }
}
