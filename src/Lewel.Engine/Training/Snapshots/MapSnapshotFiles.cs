namespace Lewel.Engine.Training.Snapshots;

/// <summary>Names of the files of one probe's snapshot beside its raw maps (<c>probe{i}_maps.npy</c>), so that a reader
/// holding only the raw-maps path finds the plain image and the full per-head sheets the engine wrote with it.</summary>
public static class MapSnapshotFiles
{
    public const string RawMapsSuffix = "_maps.npy";

    /// <summary>The probe image alone at its own pixel size (no caption, no boxes): the crop boxes are given in its
    /// pixels, so a viewer can scale it and draw the boxes and heatmaps itself.</summary>
    public static string PlainImagePath(string rawMapsPath) => Sibling(rawMapsPath, "_image.png");

    /// <summary>Every map of head <paramref name="head"/> on the original and both views, each stretched to its own
    /// min–max, most peaked first.</summary>
    public static string FullSheetPath(string rawMapsPath, int head) => Sibling(rawMapsPath, $"_head{head}_all.png");

    private static string Sibling(string rawMapsPath, string suffix) =>
        rawMapsPath.EndsWith(RawMapsSuffix, StringComparison.Ordinal)
            ? rawMapsPath[..^RawMapsSuffix.Length] + suffix
            : rawMapsPath + suffix;
}
