using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training.Snapshots;

namespace Lewel.Web.Runs;

/// <summary>Renders every map of one head of a snapshot (the training snapshot keeps only the head mean and its most
/// peaked maps) from the raw maps (<c>probe{i}_maps.npy</c>, [3, K, H', W']: original, view 1, view 2) through the
/// engine's <see cref="AlignmentMapRenderer"/>, over the snapshot's own images. The PNG is cached beside the snapshot.</summary>
public sealed class HeadMapRenderer(DataDirectory dataDirectory)
{
    /// <summary>Border and caption height of the engine's image panels (<see cref="AlignmentMapRenderer.RenderImagePng"/>):
    /// the image sits <c>Margin</c> from the left and bottom edges and fills the width between the margins.</summary>
    private const int PanelMargin = 6;

    private static readonly MapRenderOptions Options = new() { PanelSize = 112, Scaling = MapScaling.PerMapMinMax, Alpha = 0.55 };

    /// <summary>Data-directory-relative path of the PNG with all maps of <paramref name="head"/>, rendered if needed.</summary>
    /// <exception cref="InvalidDataException">The raw maps or an image are missing or unreadable (the message names the file).</exception>
    public string RenderAllMaps(MapSnapshotRecord snapshot, int head)
    {
        if (head < 0 || head >= snapshot.NumHeads)
            throw new ArgumentOutOfRangeException(nameof(head), head, $"the snapshot has heads 0..{snapshot.NumHeads - 1}");
        var relative = snapshot.RawMapsPath.Replace("_maps.npy", $"_head{head}_all.png", StringComparison.Ordinal);
        if (relative == snapshot.RawMapsPath) relative = snapshot.RawMapsPath + $".head{head}_all.png";
        var target = dataDirectory.Resolve(relative);
        if (File.Exists(target)) return relative;

        var rawPath = dataDirectory.Resolve(snapshot.RawMapsPath);
        if (!File.Exists(rawPath)) throw new InvalidDataException($"{snapshot.RawMapsPath}: the raw maps of this snapshot are missing");
        var (shape, values) = NpyFile.ReadFloat32(rawPath);
        if (shape.Length != 4 || shape[0] != 3)
            throw new InvalidDataException($"{snapshot.RawMapsPath}: expected maps of shape [3, K, H, W], found [{string.Join(", ", shape)}]");
        var (k, h, w) = (shape[1], shape[2], shape[3]);
        var perImage = k * h * w;
        var images = new[] { snapshot.OriginalPngPath, snapshot.View1PngPath, snapshot.View2PngPath }.Select(PanelImage).ToArray();
        string[] titles = ["original", snapshot.View1Flipped ? "view 1 (flipped)" : "view 1", snapshot.View2Flipped ? "view 2 (flipped)" : "view 2"];
        var panels = Enumerable.Range(0, 3)
            .Select(v => new MapPanel(titles[v], images[v], new MapStack(k, h, w, values.AsSpan(v * perImage, perImage).ToArray())))
            .ToList();
        var renderer = new AlignmentMapRenderer(Options with { MostPeakedPerHead = k / snapshot.NumHeads });
        var png = renderer.RenderHeadPng(panels, head, snapshot.NumHeads);
        var temporary = target + ".tmp";
        File.WriteAllBytes(temporary, png);
        File.Move(temporary, target, overwrite: true);
        return relative;
    }

    /// <summary>The image inside one of the engine's captioned panels.</summary>
    private RgbImage PanelImage(string relativePath)
    {
        var path = dataDirectory.Resolve(relativePath);
        if (!File.Exists(path)) throw new InvalidDataException($"{relativePath}: the snapshot image is missing");
        var rgb = Engine.Rendering.ImageCanvas.DecodeRgb(File.ReadAllBytes(path), out var width, out var height)
            ?? throw new InvalidDataException($"{relativePath}: not a PNG this build can decode");
        var size = width - 2 * PanelMargin;
        var top = height - size - PanelMargin;
        if (size <= 0 || top < 0) throw new InvalidDataException($"{relativePath}: {width}×{height} is not an image panel of the snapshot renderer");
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
            Array.Copy(rgb, ((top + y) * width + PanelMargin) * 3, pixels, y * size * 3, size * 3);
        return new RgbImage(size, size, pixels);
    }
}
