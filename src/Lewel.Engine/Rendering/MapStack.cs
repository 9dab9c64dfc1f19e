namespace Lewel.Engine.Rendering;

/// <summary>K alignment maps of one image, each a distribution over the H × W positions of the final feature map,
/// row-major [K, H, W] (<c>Values[(k·H + y)·W + x]</c>).</summary>
public sealed record MapStack
{
    public MapStack(int count, int height, int width, float[] values)
    {
        if (count <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), $"map stack [{count}, {height}, {width}] must have positive sizes");
        if (values.Length != count * height * width)
            throw new ArgumentException($"a [{count}, {height}, {width}] map stack needs {count * height * width} values, got {values.Length}", nameof(values));
        Count = count;
        Height = height;
        Width = width;
        Values = values;
    }

    public int Count { get; }
    public int Height { get; }
    public int Width { get; }
    public float[] Values { get; }

    /// <summary>P, the number of positions; a map times P is 1 where it is uniform.</summary>
    public int Positions => Height * Width;

    public ReadOnlySpan<float> Map(int k) => Values.AsSpan(k * Positions, Positions);

    /// <summary>Mean of maps [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>).</summary>
    public float[] Mean(int first, int count)
    {
        var mean = new float[Positions];
        for (var k = first; k < first + count; k++)
        {
            var map = Map(k);
            for (var p = 0; p < mean.Length; p++) mean[p] += map[p];
        }
        for (var p = 0; p < mean.Length; p++) mean[p] /= count;
        return mean;
    }

    /// <summary>Shannon entropy of map <paramref name="k"/> in nats (log P for a uniform map).</summary>
    public double Entropy(int k)
    {
        var entropy = 0.0;
        foreach (var v in Map(k))
            if (v > 0) entropy -= v * Math.Log(v);
        return entropy;
    }
}
