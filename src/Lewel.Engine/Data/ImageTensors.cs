using System.Runtime.ExceptionServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Data;

/// <summary>Data-set images as tensors: 8-bit HWC bytes in, float (N, 3, H, W) on [0, 1] out, converted on the target
/// device (the bytes travel as uint8, a quarter of the float size).</summary>
public static class ImageTensors
{
    /// <summary>Images <paramref name="indices"/> of <paramref name="dataset"/> as float (N, 3, H, W) in [0, 1].</summary>
    public static Tensor FromDataset(IImageDataset dataset, IReadOnlyList<int> indices, Device? device = null)
    {
        RequireUniformSize(dataset);
        var bytes = ReadImages(dataset, indices);
        return FromBytes(bytes, indices.Count, dataset.Height, dataset.Width, device ?? CPU);
    }

    /// <summary>The object masks of images <paramref name="indices"/> as uint8 (N, H, W).</summary>
    public static Tensor MasksFromDataset(IImageDataset dataset, IReadOnlyList<int> indices, Device? device = null)
    {
        if (!dataset.HasMasks) throw new InvalidOperationException($"{dataset.Description} has no object masks");
        RequireUniformSize(dataset);
        var pixels = dataset.Height * dataset.Width;
        var bytes = new byte[indices.Count * pixels];
        for (var k = 0; k < indices.Count; k++) dataset.CopyMask(indices[k], bytes.AsSpan(k * pixels, pixels));
        return tensor(bytes, [indices.Count, dataset.Height, dataset.Width], device: device ?? CPU);
    }

    /// <summary>N HWC RGB images laid end to end → float (N, 3, H, W) in [0, 1] on <paramref name="device"/>.</summary>
    public static Tensor FromBytes(byte[] bytes, int count, int height, int width, Device device)
    {
        using var scope = NewDisposeScope();
        var raw = tensor(bytes, [count, height, width, 3]);
        return raw.to(device).permute(0, 3, 1, 2).to(float32).div_(255).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Copies the images into one buffer (in parallel: readers may decode or read from disk).</summary>
    public static byte[] ReadImages(IImageDataset dataset, IReadOnlyList<int> indices)
    {
        RequireUniformSize(dataset);
        return ReadImages(dataset, indices, dataset.Width, dataset.Height);
    }

    /// <summary>Images that all have size <paramref name="width"/>×<paramref name="height"/> (a group of originals of
    /// one size) into one buffer.</summary>
    public static byte[] ReadImages(IImageDataset dataset, IReadOnlyList<int> indices, int width, int height)
    {
        var imageBytes = height * width * 3;
        var bytes = new byte[(long)indices.Count * imageBytes];
        try
        {
            Parallel.For(0, indices.Count, k => dataset.CopyImage(indices[k], bytes.AsSpan(k * imageBytes, imageBytes)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return bytes;
    }

    /// <summary>Batches need one size: the splits evaluation reads have it, a split of originals may not.</summary>
    public static void RequireUniformSize(IImageDataset dataset)
    {
        if (!dataset.UniformSize)
            throw new InvalidOperationException($"{dataset.Description} holds images of differing sizes; batch its evaluation split (resized to the run's size) instead");
    }

    /// <summary>A (3, H, W) float image in [0, 1] (values outside are clamped) → H·W·3 RGB bytes, for drawing.</summary>
    public static byte[] ToRgb(Tensor image)
    {
        if (image.dim() != 3 || image.shape[0] != 3)
            throw new ArgumentException($"expected a (3, H, W) image, got ({string.Join(", ", image.shape)})", nameof(image));
        using var scope = NewDisposeScope();
        var hwc = image.detach().to(CPU).to(float32).clamp(0, 1).mul(255).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        return hwc.data<byte>().ToArray();
    }
}
