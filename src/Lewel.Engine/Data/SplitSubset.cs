using System.Globalization;

namespace Lewel.Engine.Data;

/// <summary>The optional <c>?train=N,test=N</c> suffix of a path-based data-set spec, e.g.
/// <c>idx:/usr/share/datasets/fashion-mnist?train=6000</c>: each split named keeps a class-balanced subset of that many
/// images (<see cref="LabelSubset.ClassBalancedCount"/>), drawn from a fixed seed so that every run, evaluation and study
/// of the same spec sees the same images. It makes training to convergence on a large data set fit a CPU budget.</summary>
public sealed record SplitSubset(int? Train = null, int? Test = null)
{
    public static readonly SplitSubset None = new();

    /// <summary>Seed of the subset draw; part of the spec's meaning, so never changed.</summary>
    private const long DrawSeed = 20261204;

    /// <summary>Splits a path kind's argument into its path and its subset; an argument without <c>?</c> is all path.</summary>
    public static (string Path, SplitSubset Subset) Parse(string kind, string argument)
    {
        var mark = argument.LastIndexOf('?');
        if (mark < 0) return (argument, None);
        var path = argument[..mark].TrimEnd();
        var options = argument[(mark + 1)..];
        if (path.Length == 0) throw new DatasetException($"{kind}: '{argument}' has a subset but no directory before its '?'");
        var subset = None;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in options.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) continue;
            var eq = raw.IndexOf('=');
            if (eq <= 0) throw Bad(kind, argument, raw, "expected train=N or test=N");
            var key = raw[..eq].Trim().ToLowerInvariant();
            var value = raw[(eq + 1)..].Trim();
            if (!seen.Add(key)) throw Bad(kind, argument, raw, $"'{key}' is given twice");
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                throw Bad(kind, argument, raw, $"{key} must be a positive whole number of images");
            subset = key switch
            {
                "train" => subset with { Train = count },
                "test" => subset with { Test = count },
                _ => throw Bad(kind, argument, raw, $"unknown key '{key}' (expected train or test)"),
            };
        }
        if (subset == None) throw new DatasetException($"{kind}: '{argument}' has a '?' but no train=N or test=N after it");
        return (path, subset);
    }

    /// <summary>The splits with the subsets applied (the unlabeled split is kept whole); a count at or above a split's
    /// size keeps it whole.</summary>
    public DatasetSplits Apply(DatasetSplits splits) => this == None ? splits : splits with
    {
        Train = Take(splits.Train, Train, DrawSeed),
        Test = Take(splits.Test, Test, DrawSeed + 1),
    };

    /// <summary>The size a split of <paramref name="whole"/> images has after the subset.</summary>
    public static int? Limit(int? whole, int? limit) => whole is { } n && limit is { } l ? Math.Min(n, l) : whole;

    /// <summary>The chosen images copied into memory: the run-size copies are then made once, not on every read
    /// (<see cref="ImageResizing.Resize"/> materialises only in-memory sets).</summary>
    private static IImageDataset Take(IImageDataset split, int? count, long seed)
    {
        if (count is not { } n || n >= split.Count) return split;
        var chosen = LabelSubset.ClassBalancedCount(split, n, seed);
        var sizes = chosen.Select(split.SizeOf).ToArray();
        var images = new byte[chosen.Length][];
        var masks = split.HasMasks ? new byte[chosen.Length][] : null;
        for (var i = 0; i < chosen.Length; i++)
        {
            images[i] = new byte[sizes[i].Width * sizes[i].Height * 3];
            split.CopyImage(chosen[i], images[i]);
            if (masks is null) continue;
            masks[i] = new byte[sizes[i].Width * sizes[i].Height];
            split.CopyMask(chosen[i], masks[i]);
        }
        return new InMemoryImageDataset($"{split.Description} ({n} of {split.Count})", sizes, images,
            chosen.Select(split.Label).ToArray(), split.ClassNames, masks);
    }

    private static DatasetException Bad(string kind, string argument, string part, string why) =>
        new($"{kind}: '{argument}': bad subset '{part}': {why}");
}
