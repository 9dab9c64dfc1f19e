using System.Text.Json;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Maps;

/// <summary>What one comparer canvas draws (read by <c>wwwroot/js/maps.js</c> from its <c>data-spec</c>): head
/// <see cref="Head"/>'s mean map of side A, alone or against side B in <see cref="Mode"/> (swipe, flicker, overlay,
/// difference), over the plain probe image with both views' crop boxes.</summary>
public sealed record MapCanvasSpec(string Mode, MapSide A, MapSide? B, int Head, double Opacity, double Mix, string Contrast,
    string Colormap, int Size)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One snapshot as the browser needs it: the plain image, the raw maps and the crop boxes in the image's pixels.</summary>
public sealed record MapSide(string Image, string Maps, int NumHeads, IReadOnlyList<MapBox> Boxes)
{
    /// <summary>The engine's colours for the boxes of view 1 and view 2 (<c>MapSnapshotWriter</c>).</summary>
    public const string View1Colour = "#00c8ff";
    public const string View2Colour = "#ff7800";

    public static MapSide Of(MapSnapshotDto snapshot) => new(snapshot.ImagePngUrl, snapshot.RawMapsUrl, snapshot.NumHeads,
    [
        new MapBox(snapshot.View1Box, View1Colour, "1"),
        new MapBox(snapshot.View2Box, View2Colour, "2"),
    ]);
}

public sealed record MapBox(IReadOnlyList<float> Box, string Colour, string Label);

/// <summary>A run whose snapshots a comparer shows; <see cref="StepsPerEpoch"/> is null when the configuration does not
/// tell (then the page cannot be keyed by epoch).</summary>
public sealed record ComparedRun(long Id, string Name, int? StepsPerEpoch, IReadOnlyList<MapSnapshotDto> Snapshots)
{
    /// <summary>The run's snapshot of <paramref name="probe"/> at <paramref name="step"/>, or its latest one before it
    /// (runs snapshot at their own steps).</summary>
    public MapSnapshotDto? At(int probe, int step) =>
        Snapshots.Where(s => s.ProbeIndex == probe && s.Step <= step).MaxBy(s => s.Step);
}
