namespace Lewel.Engine.Rendering;

/// <summary>Bilinear resampling with half-pixel centres (PyTorch's <c>align_corners = false</c>).</summary>
public static class Bilinear
{
    /// <summary>Resamples a single-channel [height, width] grid to [outHeight, outWidth].</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int height, int width, int outHeight, int outWidth)
    {
        var result = new float[outHeight * outWidth];
        for (var y = 0; y < outHeight; y++)
        {
            var (y0, y1, fy) = Coordinates(y, height, outHeight);
            for (var x = 0; x < outWidth; x++)
            {
                var (x0, x1, fx) = Coordinates(x, width, outWidth);
                var top = source[y0 * width + x0] * (1 - fx) + source[y0 * width + x1] * fx;
                var bottom = source[y1 * width + x0] * (1 - fx) + source[y1 * width + x1] * fx;
                result[y * outWidth + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return result;
    }

    /// <summary>Resamples an RGB image (HWC bytes).</summary>
    public static RgbImage Resize(RgbImage image, int outWidth, int outHeight)
    {
        var pixels = new byte[outWidth * outHeight * 3];
        var channel = new float[image.Width * image.Height];
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < channel.Length; i++) channel[i] = image.Pixels[i * 3 + c];
            var resized = Resize(channel, image.Height, image.Width, outHeight, outWidth);
            for (var i = 0; i < resized.Length; i++) pixels[i * 3 + c] = (byte)Math.Clamp(Math.Round(resized[i]), 0, 255);
        }
        return new RgbImage(outWidth, outHeight, pixels);
    }

    private static (int Low, int High, float Fraction) Coordinates(int output, int inputSize, int outputSize)
    {
        var source = (output + 0.5) * inputSize / outputSize - 0.5;
        source = Math.Clamp(source, 0, inputSize - 1);
        var low = (int)Math.Floor(source);
        var high = Math.Min(low + 1, inputSize - 1);
        return (low, high, (float)(source - low));
    }
}
