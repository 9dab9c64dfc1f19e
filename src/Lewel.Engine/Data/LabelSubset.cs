namespace Lewel.Engine.Data;

/// <summary>Subsets of labelled images for semi-supervised evaluation.</summary>
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
        var byClass = new List<int>[dataset.NumClasses];
        for (var c = 0; c < byClass.Length; c++) byClass[c] = [];
        for (var i = 0; i < dataset.Count; i++)
        {
            var label = dataset.Label(i);
            if (label >= 0) byClass[label].Add(i);
        }
        var chosen = new List<int>();
        for (var c = 0; c < byClass.Length; c++)
        {
            if (byClass[c].Count == 0) continue;
            var members = byClass[c].ToArray();
            new SeededRandom(SeededRandom.Mix(seed, c)).Shuffle<int>(members);
            var take = Math.Clamp((int)Math.Round(fraction * members.Length), 1, members.Length);
            chosen.AddRange(members.Take(take));
        }
        chosen.Sort();
        return chosen.ToArray();
    }
}
