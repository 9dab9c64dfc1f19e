using Lewel.Engine.Data.Shapes;

namespace Lewel.Engine.Data;

/// <summary>The split sizes a data-set spec implies without opening it: the generated set's own counts and the
/// standard splits of CIFAR and STL-10. Null where only opening the files would tell (image folders, IDX files, a spec
/// that does not parse).</summary>
public static class DatasetSizes
{
    public static int? TrainImages(string spec) => Of(spec).Train;

    public static int? TestImages(string spec) => Of(spec).Test;

    private static (int? Train, int? Test) Of(string spec)
    {
        try
        {
            var (kind, argument) = DatasetCatalog.Split(spec);
            if (kind == "shapes") return ShapesSpec.Parse(argument) is var shapes ? (shapes.Count, shapes.TestCount) : default;
            var subset = SplitSubset.Parse(kind, argument).Subset;
            (int? Train, int? Test) whole = kind switch
            {
                "cifar10" or "cifar100" => (50_000, 10_000),
                "stl10" => (null, 8_000),
                _ => (null, null),
            };
            return (SplitSubset.Limit(whole.Train, subset.Train), SplitSubset.Limit(whole.Test, subset.Test));
        }
        catch (DatasetException)
        {
            return (null, null);
        }
    }
}
