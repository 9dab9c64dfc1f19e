using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>Averages of the localisation score over images: <see cref="MassOnObject"/> is the share of a map's mass on
/// the object, <see cref="PeakOnObject"/> the fraction of maps whose maximum lies on the object, and
/// <see cref="UniformBaseline"/> the object's area fraction, which is what a uniform map scores on both.
/// <see cref="CeilingOnObject"/> is the most any map of the same resolution can put on the object: the best single
/// cell's share, since a share is a ratio of two sums linear in the map and so is largest at a vertex of the simplex.</summary>
public sealed record LocalizationValues(double MassOnObject, double PeakOnObject, double UniformBaseline, int Images,
    int MapsPerImage, int ImagesWithoutObject, double CeilingOnObject);

/// <summary>The localisation score of alignment maps against object masks. Maps are upsampled bilinearly
/// (align_corners = false) to the mask size; each map's share on the object is its mass on object pixels over its total
/// mass. Images whose mask is empty are counted and skipped.</summary>
public sealed class LocalizationScore
{
    private double massSum, peakSum, areaSum, ceilingSum;
    private long mapCount;
    private int images, imagesWithoutObject, mapsPerImage;

    /// <param name="maps">[B, K, h, w] non-negative maps (e.g. softmax over positions).</param>
    /// <param name="masks">[B, H, W] object masks (non-zero = object).</param>
    public void Add(Tensor maps, Tensor masks)
    {
        if (maps.dim() != 4 || masks.dim() != 3 || maps.shape[0] != masks.shape[0])
            throw new ArgumentException($"localisation needs maps [B, K, h, w] and masks [B, H, W] for the same B; got " +
                $"{TensorShapes.Shape(maps)} and {TensorShapes.Shape(masks)}");
        if (mapsPerImage != 0 && maps.shape[1] != mapsPerImage)
            throw new ArgumentException($"localisation: every batch must have the same number of maps ({mapsPerImage}), not {maps.shape[1]}");
        using var scope = NewDisposeScope();
        var (b, k) = (maps.shape[0], maps.shape[1]);
        var (height, width) = (masks.shape[1], masks.shape[2]);
        var object_ = masks.to(maps.device).ne(0).to_type(ScalarType.Float32);
        var area = object_.mean([1, 2]);
        var present = area.gt(0);
        var flatMask = object_.reshape(b, 1, height * width);
        var up = Upsampled(maps.to_type(ScalarType.Float32), height, width);
        var share = Shares(up, flatMask);
        var peak = flatMask.expand(b, k, height * width).gather(2, up.argmax(2, keepdim: true)).squeeze(2);
        var kept = present.to_type(ScalarType.Float32);
        massSum += share.mul(kept.unsqueeze(1)).sum().item<float>();
        peakSum += peak.mul(kept.unsqueeze(1)).sum().item<float>();
        areaSum += area.mul(kept).sum().item<float>();
        ceilingSum += Ceiling(maps, flatMask, height, width).mul(kept).sum().item<float>();
        var keptImages = (int)present.sum().item<long>();
        images += keptImages;
        imagesWithoutObject += (int)b - keptImages;
        mapCount += keptImages * k;
        mapsPerImage = (int)k;
    }

    public LocalizationValues Result()
    {
        if (images == 0) throw new InvalidOperationException("localisation: no image with a non-empty object mask was scored");
        return new LocalizationValues(massSum / mapCount, peakSum / mapCount, areaSum / images, images, mapsPerImage, imagesWithoutObject,
            ceilingSum / images);
    }

    private static Tensor Upsampled(Tensor maps, long height, long width) =>
        nn.functional.interpolate(maps, [height, width], mode: InterpolationMode.Bilinear, align_corners: false)
            .reshape(maps.shape[0], maps.shape[1], height * width);

    /// <summary>Each upsampled map's mass on the object over its total mass: [B, K].</summary>
    private static Tensor Shares(Tensor up, Tensor flatMask) => up.mul(flatMask).sum(2).div(up.sum(2).clamp_min(1e-30));

    /// <summary>Per image, the largest share any h×w map can score: that of the best one-cell map ([B]).</summary>
    private static Tensor Ceiling(Tensor maps, Tensor flatMask, long height, long width)
    {
        var (h, w) = (maps.shape[2], maps.shape[3]);
        var cells = eye(h * w, dtype: ScalarType.Float32, device: maps.device).reshape(1, h * w, h, w);
        return Shares(Upsampled(cells, height, width), flatMask).amax(1);  // [1, h·w, H·W] against [B, 1, H·W]
    }
}
