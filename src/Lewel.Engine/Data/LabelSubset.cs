namespace Lewel.Engine.Data;

/// <summary>Subsets of labelled images: for semi-supervised evaluation, and a spec's <see cref="SplitSubset"/>.</summary>
public static class LabelSubset
{
    /// <summary>Indices of <paramref name="fraction"/> of each class's images (rounded, at least one per class that has
    /// images), chosen at random from <paramref name="seed"/> and returned in ascending order. 0.01 and 0.1 give the
    /// usual 1 % and 10 % subsets.</summary>
    public static int[] ClassBalanced(IImageDataset dataset, double fraction, long seed)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the label fraction must be in (0, 1]");
        if (dataset.NumClasses == 0) throw new DatasetException($"{dataset.Description} is unlabeled; a label subset needs labels");
        var byClass = Groups(dataset, withUnlabeled: false);
        return Pick(byClass, c => byClass[c].Count == 0 ? 0 : Math.Clamp((int)Math.Round(fraction * byClass[c].Count), 1, byClass[c].Count), seed);
    }

    /// <summary>Indices of exactly <paramref name="count"/> images, each class keeping its share of them (largest
    /// remainders break the rounding; unlabeled images form one more group), chosen at random from
    /// <paramref name="seed"/> and returned in ascending order.</summary>
    public static int[] ClassBalancedCount(IImageDataset dataset, int count, long seed)
    {
        if (count < 1 || count > dataset.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the subset must hold between 1 and {dataset.Count} images");
        var groups = Groups(dataset, withUnlabeled: true);
        var shares = groups.Select(g => (double)count * g.Count / dataset.Count).ToArray();
        var takes = shares.Select(s => (int)Math.Floor(s)).ToArray();
        var order = Enumerable.Range(0, groups.Length).OrderByDescending(g => shares[g] - takes[g]).ThenBy(g => g).ToArray();
        var left = count - takes.Sum();
        for (var k = 0; k < left; k++) takes[order[k]]++;
        return Pick(groups, g => takes[g], seed);
    }

    /// <summary>Each class's image indices; with <paramref name="withUnlabeled"/>, the unlabeled ones as one group more.</summary>
    private static List<int>[] Groups(IImageDataset dataset, bool withUnlabeled)
    {
        var groups = new List<int>[dataset.NumClasses + (withUnlabeled ? 1 : 0)];
        for (var g = 0; g < groups.Length; g++) groups[g] = [];
        for (var i = 0; i < dataset.Count; i++)
        {
            var label = dataset.Label(i);
            if (label >= 0) groups[label].Add(i);
            else if (withUnlabeled) groups[dataset.NumClasses].Add(i);
        }
        return groups;
    }

    /// <summary><paramref name="take"/>(g) images of each group g, shuffled by a generator of (seed, g), in ascending order.</summary>
    private static int[] Pick(List<int>[] groups, Func<int, int> take, long seed)
    {
        var chosen = new List<int>();
        for (var g = 0; g < groups.Length; g++)
        {
            var n = take(g);
            if (n == 0) continue;
            var members = groups[g].ToArray();
            new SeededRandom(SeededRandom.Mix(seed, g)).Shuffle<int>(members);
            chosen.AddRange(members.Take(n));
        }
        chosen.Sort();
        return chosen.ToArray();
    }
}
