namespace Lewel.Engine.Data;

/// <summary>Per-channel mean and standard deviation on the [0, 1] scale, used to normalise images.</summary>
public static class DatasetStatistics
{
    /// <summary>Computes the statistics over at most <paramref name="maxImages"/> images spread evenly over the data set
    /// (every image when it is smaller), so the numbers are deterministic and cheap for large sets. Images of differing
    /// sizes weigh by their pixels.</summary>
    public static (double[] Mean, double[] Std) MeanStd(IImageDataset dataset, int maxImages = 20000)
    {
        if (dataset.Count == 0) throw new DatasetException($"{dataset.Description} has no images to compute statistics from");
        var take = Math.Min(dataset.Count, maxImages);
        long pixels = 0;
        var sums = new long[3];
        var squares = new long[3];
        var buffer = new byte[dataset.Height * dataset.Width * 3];
        for (var k = 0; k < take; k++)
        {
            var index = (int)((long)k * dataset.Count / take);
            var (width, height) = dataset.SizeOf(index);
            var image = buffer.AsSpan(0, width * height * 3);
            dataset.CopyImage(index, image);
            pixels += width * height;
            for (var p = 0; p < image.Length; p += 3)
            for (var c = 0; c < 3; c++)
            {
                int v = image[p + c];
                sums[c] += v;
                squares[c] += v * v;
            }
        }
        var n = (double)pixels;
        var mean = new double[3];
        var std = new double[3];
        for (var c = 0; c < 3; c++)
        {
            var m = sums[c] / n;
            mean[c] = Math.Round(m / 255, 4);
            std[c] = Math.Round(Math.Sqrt(Math.Max(squares[c] / n - m * m, 0)) / 255, 4);
            if (std[c] == 0) std[c] = 1; // a constant channel: normalising must not divide by zero
        }
        return (mean, std);
    }
}
