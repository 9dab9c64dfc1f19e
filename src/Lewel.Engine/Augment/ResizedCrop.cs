using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Augment;

/// <summary>Crops each sample's box out of its original and resizes it to the output size in one pass, mirroring it when flipped: the same
/// numbers as torchvision's crop followed by resize (align_corners = false, no antialiasing; views are never smaller
/// than their crops). Output pixel u samples the crop at x0 + (u + ½)·w/W_out (pixel edges at whole numbers) and only
/// pixels inside the crop contribute, as in crop-then-resize.
/// Bilinear runs as one <c>grid_sample</c> over a grid built from the boxes, with sample positions clamped to the crop's
/// pixel centres. Bicubic (PyTorch's cubic convolution, A = −0.75, taps clamped to the crop) runs as two batched matrix
/// products with per-sample interpolation matrices, because TorchSharp 0.107's <c>grid_sample</c> has no bicubic mode;
/// its result is clamped to [0, 1] since the cubic kernel overshoots.</summary>
public static class ResizedCrop
{
    public static readonly IReadOnlyList<string> Interpolations = ["bilinear", "bicubic"];

    /// <param name="images">(B, C, H, W) float; the views have the same size.</param>
    public static Tensor Apply(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, string interpolation) =>
        Apply(images, boxes, flips, interpolation, (int)images.shape[2], (int)images.shape[3]);

    /// <param name="images">(B, C, H, W) float: originals of one size, the boxes in their pixels.</param>
    /// <returns>(B, C, <paramref name="outHeight"/>, <paramref name="outWidth"/>).</returns>
    public static Tensor Apply(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, string interpolation, int outHeight, int outWidth)
    {
        return interpolation switch
        {
            "bilinear" => Bilinear(images, boxes, flips, outHeight, outWidth),
            "bicubic" => Separable(images, boxes, flips, ResamplingKernel.Cubic, outHeight, outWidth).clamp(0, 1),
            _ => throw new ArgumentException($"interpolation '{interpolation}' is not one of {string.Join(", ", Interpolations)}", nameof(interpolation)),
        };
    }

    private static Tensor Bilinear(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, int outHeight, int outWidth)
    {
        int batch = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        var xs = new float[batch * outWidth];
        var ys = new float[batch * outHeight];
        for (var b = 0; b < batch; b++)
        {
            for (var u = 0; u < outWidth; u++)
                xs[b * outWidth + u] = (float)(2 * InsideCrop(SourceEdgeCoordinate(boxes[b].X0, boxes[b].Width, u, outWidth, flips[b]), boxes[b].X0, boxes[b].X1) / width - 1);
            for (var v = 0; v < outHeight; v++)
                ys[b * outHeight + v] = (float)(2 * InsideCrop(SourceEdgeCoordinate(boxes[b].Y0, boxes[b].Height, v, outHeight, flipped: false), boxes[b].Y0, boxes[b].Y1) / height - 1);
        }
        var gx = tensor(xs, device: images.device).view(batch, 1, outWidth).expand(batch, outHeight, outWidth);
        var gy = tensor(ys, device: images.device).view(batch, outHeight, 1).expand(batch, outHeight, outWidth);
        var grid = stack([gx, gy], dim: -1).to(images.dtype);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>Clamps an edge coordinate to the centres of the crop's first and last pixels, so that bilinear
    /// sampling reads only pixels of the crop.</summary>
    private static double InsideCrop(double coordinate, double start, double end) => Math.Clamp(coordinate, start + 0.5, end - 0.5);

    /// <summary>Where output pixel <paramref name="u"/> of <paramref name="outSize"/> samples the source, in edge
    /// coordinates (pixel k spans [k, k+1)).</summary>
    private static double SourceEdgeCoordinate(double start, double length, int u, int outSize, bool flipped)
    {
        var t = (u + 0.5) / outSize;
        return start + (flipped ? 1 - t : t) * length;
    }

    internal static Tensor Separable(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, ResamplingKernel kernel) =>
        Separable(images, boxes, flips, kernel, (int)images.shape[2], (int)images.shape[3]);

    /// <summary>out = R_y · image · R_xᵀ with one (out × in) interpolation matrix per sample and axis.</summary>
    internal static Tensor Separable(Tensor images, IReadOnlyList<CropBox> boxes, bool[] flips, ResamplingKernel kernel, int outHeight, int outWidth)
    {
        int batch = (int)images.shape[0], height = (int)images.shape[2], width = (int)images.shape[3];
        var rx = new float[batch * outWidth * width];
        var ry = new float[batch * outHeight * height];
        for (var b = 0; b < batch; b++)
        {
            FillMatrix(rx.AsSpan(b * outWidth * width, outWidth * width), boxes[b].X0, boxes[b].X1, outWidth, width, flips[b], kernel);
            FillMatrix(ry.AsSpan(b * outHeight * height, outHeight * height), boxes[b].Y0, boxes[b].Y1, outHeight, height, false, kernel);
        }
        var rowsY = tensor(ry, device: images.device).view(batch, 1, outHeight, height).to(images.dtype);
        var rowsX = tensor(rx, device: images.device).view(batch, 1, outWidth, width).to(images.dtype);
        return rowsY.matmul(images).matmul(rowsX.transpose(2, 3));
    }

    /// <summary>Row u (of <paramref name="outSize"/>) holds the kernel weights of output pixel u over the
    /// <paramref name="inSize"/> source pixels; taps outside the crop [start, end) read its nearest edge pixel.</summary>
    private static void FillMatrix(Span<float> matrix, double start, double end, int outSize, int inSize, bool flipped, ResamplingKernel kernel)
    {
        int first = (int)start, last = (int)end - 1;
        for (var u = 0; u < outSize; u++)
        {
            var edge = SourceEdgeCoordinate(start, end - start, u, outSize, flipped);
            var s = (kernel.ClampPosition ? InsideCrop(edge, start, end) : edge) - 0.5;
            var floor = (int)Math.Floor(s);
            for (var tap = floor - kernel.Radius + 1; tap <= floor + kernel.Radius; tap++)
                matrix[u * inSize + Math.Clamp(tap, first, last)] += (float)kernel.Weight(s - tap);
        }
    }
}
