namespace Lewel.Engine.Rendering;

/// <summary>How alignment-map heatmaps are scaled for display.</summary>
public enum MapScaling
{
    /// <summary>Map × P on a fixed range (<see cref="MapRenderOptions.RangeMin"/>…<see cref="MapRenderOptions.RangeMax"/>),
    /// comparable across images, heads and steps; 1.0 means uniform.</summary>
    Fixed,

    /// <summary>Each heatmap stretched from its own minimum to its maximum: shows shape only.</summary>
    PerMapMinMax,
}

/// <summary>Options of <see cref="AlignmentMapRenderer"/> (lewel-method.md §9). The defaults draw the head mean on the
/// fixed range [0, 3]; <see cref="TrainingSnapshot"/> is what the training snapshots write.</summary>
public sealed record MapRenderOptions
{
    /// <summary>The training snapshots: fixed range [0, 3] (comparable across steps), the head mean and the head's 3 most
    /// peaked maps (§9: "the head summary, or the 3–4 most peaked maps").</summary>
    public static readonly MapRenderOptions TrainingSnapshot = new() { MostPeakedPerHead = 3 };

    /// <summary>Every map of a head, each stretched to its own min–max (shape only), at a size where 3 columns of up to
    /// 64 maps stay readable.</summary>
    public static readonly MapRenderOptions FullSheet = new()
    {
        PanelSize = 112, Scaling = MapScaling.PerMapMinMax, Alpha = 0.55, MostPeakedPerHead = int.MaxValue,
    };

    public MapScaling Scaling { get; init; } = MapScaling.Fixed;

    /// <summary>Lower end of the fixed colour range, in units of map × P.</summary>
    public double RangeMin { get; init; }

    /// <summary>Upper end of the fixed colour range, in units of map × P.</summary>
    public double RangeMax { get; init; } = 3.0;

    /// <summary>Side of each rendered image panel in pixels (images and maps are upsampled bilinearly).</summary>
    public int PanelSize { get; init; } = 128;

    /// <summary>Opacity of the heatmap over the image.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Besides the head mean, show this many of the head's maps with the lowest entropy (0 = mean only).</summary>
    public int MostPeakedPerHead { get; init; }

    public void Validate()
    {
        if (!(RangeMax > RangeMin)) throw new ArgumentException($"rangeMax ({RangeMax}) must be greater than rangeMin ({RangeMin})");
        if (PanelSize is < 16 or > 2048) throw new ArgumentException($"panelSize {PanelSize} must be between 16 and 2048 pixels");
        if (Alpha is < 0 or > 1) throw new ArgumentException($"alpha {Alpha} must be between 0 and 1");
        if (MostPeakedPerHead < 0) throw new ArgumentException($"mostPeakedPerHead {MostPeakedPerHead} must not be negative");
    }

    /// <summary>Written on the legend so that every image says how it was scaled.</summary>
    public string ScalingLabel => Scaling == MapScaling.Fixed
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"map×P, fixed [{RangeMin:0.##}, {RangeMax:0.##}]")
        : "per-map min–max";
}
