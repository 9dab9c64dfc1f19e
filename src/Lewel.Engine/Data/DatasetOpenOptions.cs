namespace Lewel.Engine.Data;

/// <summary>How <see cref="DatasetCatalog.Open"/> opens a spec.</summary>
public sealed record DatasetOpenOptions
{
    /// <summary>Where generated data sets (<c>shapes</c>) are cached; null generates without caching.</summary>
    public string? CacheDir { get; init; }

    /// <summary>The side the run trains at. When set, the splits hold the evaluation copies (shorter side resized to
    /// this size, then a centre crop; masks by nearest neighbour) and the <c>…Originals</c> splits the originals the
    /// training crops come from (<see cref="SourceImages"/>). Image folders default to 32.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Whether the splits also keep the originals the training crops come from (pretraining and
    /// <c>lewel data augment-preview</c> ask for them); evaluation reads only the run-size copies, so by default the
    /// originals are let go once those are made.</summary>
    public bool KeepOriginals { get; init; }

    /// <summary>The longest side an original keeps (larger ones are scaled down whole); null: 4 × <see cref="ImageSize"/>.</summary>
    public int? MaxSourceSide { get; init; }

    /// <summary>The folders a path-based spec may read from; null reads from anywhere (tests and library use; the CLI
    /// and the studio always pass <c>Lewel:DataRoots</c>).</summary>
    public DataRoots? DataRoots { get; init; }

    /// <summary>Image-folder files with more pixels are skipped, unread (see <see cref="Rendering.ImageDecoder"/>).</summary>
    public long MaxImagePixels { get; init; } = Rendering.ImageDecoder.DefaultMaxPixels;
}
