namespace Lewel.Engine.Data;

/// <summary>A small, fully specified random generator (SplitMix64). Unlike <see cref="Random"/> its sequence is part
/// of this code base, so generated data sets, shuffles and subsets stay identical across .NET versions and machines.</summary>
public struct SeededRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>Combines values into one well-mixed seed, e.g. <c>Mix(seed, epoch, batch)</c>.</summary>
    public static ulong Mix(params ReadOnlySpan<long> values)
    {
        var h = 0x9E3779B97F4A7C15UL;
        foreach (var v in values) h = Finalize(h ^ Finalize(unchecked((ulong)v + 0x632BE59BD9B4E019UL)));
        return h;
    }

    public ulong NextUInt64()
    {
        state = unchecked(state + 0x9E3779B97F4A7C15UL);
        return Finalize(state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)((NextUInt64() >> 33) * (ulong)exclusiveMax >> 31);
    }

    public int NextInt(int min, int exclusiveMax) => min + NextInt(exclusiveMax - min);

    public bool NextBool(double probability) => NextDouble() < probability;

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Shuffle<int>(order);
        return order;
    }

    private static ulong Finalize(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
