using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Crops each sample's box and resizes it to the output size in one pass, mirroring it when flipped. Output
/// pixel u samples the source at x0 + (u + ½)·w/W_out (pixel edges at whole numbers), i.e. crop-then-resize with
/// align_corners = false; samples falling outside the image take the border value.
/// Bilinear runs as one <c>grid_sample</c> over a grid built from the boxes. Bicubic (PyTorch's cubic convolution,
/// A = −0.75) runs as two batched matrix products with per-sample interpolation matrices, because TorchSharp 0.107's
/// <c>grid_sample</c> has no bicubic mode; the result is clamped to [0, 1] since the cubic kernel overshoots.</summary>
public static class ResizedCrop
{
    public static readonly IReadOnlyList<string> Interpolations = ["bilinear", "bicubic"];

    /// <param name="images">(B, C, H, W) float.</param>
    public static Tensor Apply(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, string interpolation)
    {
        return interpolation switch
        {
            "bilinear" => Bilinear(images, boxes, flips),
            "bicubic" => Separable(images, boxes, flips, Cubic, 2).clamp(0, 1),
            _ => throw new ArgumentException($"interpolation '{interpolation}' is not one of {string.Join(", ", Interpolations)}", nameof(interpolation)),
        };
    }

    private static Tensor Bilinear(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips)
    {
        int batch = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        var xs = new float[batch * width];
        var ys = new float[batch * height];
        for (var b = 0; b < batch; b++)
        {
            for (var u = 0; u < width; u++)
                xs[b * width + u] = (float)(2 * SourceEdgeCoordinate(boxes[b].X0, boxes[b].Width, u, width, flips[b]) / width - 1);
            for (var v = 0; v < height; v++)
                ys[b * height + v] = (float)(2 * SourceEdgeCoordinate(boxes[b].Y0, boxes[b].Height, v, height, flipped: false) / height - 1);
        }
        var gx = tensor(xs, device: images.device).view(batch, 1, width).expand(batch, height, width);
        var gy = tensor(ys, device: images.device).view(batch, height, 1).expand(batch, height, width);
        var grid = stack([gx, gy], dim: -1).to(images.dtype);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>Where output pixel <paramref name="u"/> of <paramref name="outSize"/> samples the source, in edge
    /// coordinates (pixel k spans [k, k+1)).</summary>
    private static double SourceEdgeCoordinate(double start, double length, int u, int outSize, bool flipped)
    {
        var t = (u + 0.5) / outSize;
        return start + (flipped ? 1 - t : t) * length;
    }

    /// <summary>out = R_y · image · R_xᵀ with one (out × in) interpolation matrix per sample and axis.</summary>
    internal static Tensor Separable(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, Func<double, double> kernel, int radius)
    {
        int batch = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        var rx = new float[batch * width * width];
        var ry = new float[batch * height * height];
        for (var b = 0; b < batch; b++)
        {
            FillMatrix(rx.AsSpan(b * width * width, width * width), boxes[b].X0, boxes[b].Width, width, flips[b], kernel, radius);
            FillMatrix(ry.AsSpan(b * height * height, height * height), boxes[b].Y0, boxes[b].Height, height, false, kernel, radius);
        }
        var rowsY = tensor(ry, device: images.device).view(batch, 1, height, height).to(images.dtype);
        var rowsX = tensor(rx, device: images.device).view(batch, 1, width, width).to(images.dtype);
        return rowsY.matmul(images).matmul(rowsX.transpose(2, 3));
    }

    private static void FillMatrix(Span<float> matrix, double start, double length, int size, bool flipped, Func<double, double> kernel, int radius)
    {
        for (var u = 0; u < size; u++)
        {
            var s = SourceEdgeCoordinate(start, length, u, size, flipped) - 0.5;
            var floor = (int)Math.Floor(s);
            for (var tap = floor - radius + 1; tap <= floor + radius; tap++)
                matrix[u * size + Math.Clamp(tap, 0, size - 1)] += (float)kernel(s - tap);
        }
    }

    /// <summary>PyTorch's cubic convolution kernel with A = −0.75.</summary>
    internal static double Cubic(double x)
    {
        const double a = -0.75;
        x = Math.Abs(x);
        return x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
            : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
            : 0;
    }

    internal static double Linear(double x) => Math.Max(0, 1 - Math.Abs(x));
}
