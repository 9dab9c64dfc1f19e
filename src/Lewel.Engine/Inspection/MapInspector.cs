using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Interop;
using Lewel.Engine.Rendering;
using static TorchSharp.torch;

namespace Lewel.Engine.Inspection;

/// <summary>Runs a checkpoint's online network (eval mode) on any image: the image is brought to the model's input size
/// (shorter side resized, centre crop; untouched when it already has that size), normalised, and passed through the
/// backbone and the LEWEL neck. Gives the maps, embeddings and pooled features of <see cref="MapInspection"/>.</summary>
public static class MapInspector
{
    /// <summary>Reads a PNG/JPEG/WebP file and inspects it; errors name the file. An image of more than
    /// <paramref name="maxPixels"/> is refused before it is decoded (<see cref="ImageDecoder"/>).</summary>
    public static MapInspection Inspect(CheckpointModel model, string imagePath, int size, InputNormalization normalization,
        long maxPixels = ImageDecoder.DefaultMaxPixels)
    {
        if (!File.Exists(imagePath)) throw new FileNotFoundException($"{imagePath}: the image file does not exist", imagePath);
        CheckSize(size);
        var rgb = ImageDecoder.DecodeRgb(File.ReadAllBytes(imagePath), imagePath, out var width, out var height, maxPixels, minSide: size);
        return Inspect(model, rgb, width, height, size, normalization);
    }

    private static void CheckSize(int size)
    {
        if (size is < 1 or > Config.RunConfigLimits.MaxImageSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the input size must be from 1 to {Config.RunConfigLimits.MaxImageSize} pixels");
    }

    /// <param name="rgb">H·W·3 bytes, row-major RGB.</param>
    public static MapInspection Inspect(CheckpointModel model, byte[] rgb, int width, int height, int size, InputNormalization normalization)
    {
        var neck = model.Neck ?? throw new InvalidOperationException(
            $"{model.Source}: the checkpoint has no LEWEL neck ({model.Layout.Name} layout), so it has no alignment maps");
        CheckSize(size);
        var input = ImageResizing.ResizeAndCrop(rgb, width, height, size);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.Backbone.eval();
        neck.eval();
        var images = tensor(input, [1, size, size, 3]).permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f).to(model.Device);
        var features = model.Backbone.call(normalization.Apply(images));                  // [1, C, h, w]
        if (features.shape[2] < 1 || features.shape[3] < 1)
            throw new ArgumentException($"an input of {size} px is too small for this backbone (no last-stage map)");
        var output = neck.call(features);
        var (h, w) = ((int)features.shape[2], (int)features.shape[3]);
        return new MapInspection(
            Floats(output.Maps[0]), neck.Dim, h, w,
            Floats(output.Global[0]),
            Floats(output.Aligned[0].t()), neck.NumAligned,
            Floats(features[0].mean([1, 2])), neck.NumHeads, size, input);
    }

    private static float[] Floats(Tensor t) => t.contiguous().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
}
