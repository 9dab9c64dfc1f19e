namespace Lewel.Engine.Data.Shapes;

/// <summary>Opens the built-in <c>shapes</c> data set: from <c>{cacheDir}/shapes-….bin</c> when a valid cache exists,
/// otherwise generated (and cached when <paramref name="cacheDir"/> is given). A corrupt cache is regenerated.</summary>
public static class ShapesDataset
{
    public static DatasetSplits Open(ShapesSpec spec, string? cacheDir) => Open(spec, cacheDir, out _);

    public static DatasetSplits Open(ShapesSpec spec, string? cacheDir, out ShapesCacheOutcome outcome)
    {
        ShapesSplit train, test;
        if (cacheDir is null)
        {
            (train, test) = Generate(spec);
            outcome = ShapesCacheOutcome.NotCached;
        }
        else
        {
            var path = Path.Combine(cacheDir, ShapesCache.FileName(spec));
            var cached = ShapesCache.TryRead(path, spec, out var problem);
            if (cached is { } hit)
            {
                (train, test) = hit;
                outcome = ShapesCacheOutcome.Loaded;
            }
            else
            {
                (train, test) = Generate(spec);
                ShapesCache.Write(path, spec, train, test);
                outcome = problem is null ? ShapesCacheOutcome.Generated : ShapesCacheOutcome.Rebuilt;
            }
        }
        var name = spec.ToString();
        var trainSet = new InMemoryImageDataset(name + " [train]", spec.Size, spec.Size, train.Images, train.Labels, ShapeKinds.ClassNames, train.Masks);
        var testSet = new InMemoryImageDataset(name + " [test]", spec.Size, spec.Size, test.Images, test.Labels, ShapeKinds.ClassNames, test.Masks);
        var (mean, std) = DatasetStatistics.MeanStd(trainSet);
        return new DatasetSplits(trainSet, testSet, mean, std, []);
    }

    private static (ShapesSplit Train, ShapesSplit Test) Generate(ShapesSpec spec) =>
        (ShapesGenerator.Generate(spec.Size, spec.Count, ShapesGenerator.SplitSeed(spec.Seed, test: false), spec.Scene),
         ShapesGenerator.Generate(spec.Size, spec.TestCount, ShapesGenerator.SplitSeed(spec.Seed, test: true), spec.Scene));
}
