using Lewel.Engine.Data.Readers;
using Lewel.Engine.Data.Shapes;

namespace Lewel.Engine.Data;

/// <summary>Opens a data set from its spec string <c>kind:argument</c>:
/// <list type="bullet">
/// <item><c>shapes:size=32,n=20000,seed=1[,test=2000]</c>: the built-in generated set with object masks (<see cref="ShapesSpec"/>);</item>
/// <item><c>cifar10:/dir</c>, <c>cifar100:/dir</c>: the binary versions (<see cref="CifarReader"/>);</item>
/// <item><c>stl10:/dir</c>: train, test and unlabeled (<see cref="Stl10Reader"/>);</item>
/// <item><c>idx:/dir</c>: MNIST and Fashion-MNIST files, plain or gzip (<see cref="IdxReader"/>);</item>
/// <item><c>folder:/dir</c>: class sub-folders of JPEG/PNG/WebP images (<see cref="ImageFolderReader"/>).</item>
/// </list>
/// A path kind may end in <c>?train=N,test=N</c> to keep a class-balanced subset of its splits (<see cref="SplitSubset"/>).
/// Every problem is a <see cref="DatasetException"/> naming the part of the spec or the file at fault.</summary>
public static class DatasetCatalog
{
    public static readonly IReadOnlyList<string> Kinds = ["shapes", "cifar10", "cifar100", "stl10", "idx", "folder"];

    public static readonly IReadOnlyList<string> Examples =
        ["shapes:size=32,n=20000,seed=1", "cifar10:/data/cifar-10-batches-bin", "cifar100:/data/cifar-100-binary",
         "stl10:/data/stl10_binary", "idx:/usr/share/datasets/fashion-mnist", "folder:/data/my-images"];

    public static DatasetSplits Open(string spec, DatasetOpenOptions? options = null)
    {
        options ??= new DatasetOpenOptions();
        if (options.ImageSize is < 1) throw new DatasetException($"Image size {options.ImageSize} is not positive");
        if (options.ImageSize > Config.RunConfigLimits.MaxImageSize)
            throw new DatasetException($"Image size {options.ImageSize} is above the limit of {Config.RunConfigLimits.MaxImageSize} pixels");
        var (kind, argument) = Split(spec);
        var subset = SplitSubset.None;
        if (kind != "shapes") (argument, subset) = SplitSubset.Parse(kind, argument);
        var evalSize = options.ImageSize ?? (kind == "folder" ? ImageFolderReader.DefaultSize : null);
        var maxSide = options.MaxSourceSide ?? (evalSize is { } s ? SourceImages.DefaultMaxSide(s) : 0);
        if (evalSize is { } checkedSize && options.MaxSourceSide is { } side && (side < checkedSize || side > Config.RunConfigLimits.MaxSourceSide))
            throw new DatasetException($"maxSourceSide {side} must lie between the image size {checkedSize} and {Config.RunConfigLimits.MaxSourceSide} pixels");
        if (kind != "shapes" && options.DataRoots is { } roots) argument = roots.Resolve(kind, argument);
        var splits = kind switch
        {
            "shapes" => ShapesDataset.Open(ShapesSpec.Parse(argument), options.CacheDir),
            "cifar10" => CifarReader.OpenCifar10(argument),
            "cifar100" => CifarReader.OpenCifar100(argument),
            "stl10" => Stl10Reader.Open(argument),
            "idx" => IdxReader.Open(argument),
            "folder" => ImageFolderReader.Open(argument, evalSize, options.MaxImagePixels, maxSide),
            _ => throw new InvalidOperationException("unreachable: Split accepts only known kinds"),
        };
        splits = subset.Apply(splits);
        return evalSize is { } size ? Prepare(splits, size, options.KeepOriginals ? maxSide : null) : splits;
    }

    /// <summary>Checks a spec's syntax and, given <paramref name="roots"/>, that its path lies under one (links resolved,
    /// nothing read): null when it is acceptable, else what is wrong.</summary>
    public static string? SpecError(string? spec, DataRoots? roots = null)
    {
        try
        {
            var (kind, argument) = Split(spec ?? "");
            if (kind == "shapes") ShapesSpec.Parse(argument);
            else
            {
                var path = SplitSubset.Parse(kind, argument).Path;
                roots?.Resolve(kind, path);
            }
            return null;
        }
        catch (DatasetException e)
        {
            return e.Message;
        }
    }

    /// <summary>Splits <c>kind:argument</c>; a bare <c>shapes</c> means all defaults. A path kind's argument keeps its
    /// subset suffix (<see cref="SplitSubset.Parse"/> takes it apart).</summary>
    public static (string Kind, string Argument) Split(string spec)
    {
        var text = spec.Trim();
        if (text.Length == 0) throw new DatasetException($"The data-set spec is empty; examples: {string.Join(", ", Examples)}");
        var colon = text.IndexOf(':');
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? "" : text[(colon + 1)..].Trim();
        if (!Kinds.Contains(kind))
            throw new DatasetException($"Data-set spec '{spec}': unknown kind '{kind}' (expected one of {string.Join(", ", Kinds)}); examples: {string.Join(", ", Examples)}");
        if (kind != "shapes" && argument.Length == 0)
            throw new DatasetException($"Data-set spec '{spec}': {kind} needs a directory, e.g. {Examples[Kinds.ToList().IndexOf(kind)]}");
        return (kind, argument);
    }

    /// <summary>The evaluation copies at size×size and, given <paramref name="maxSide"/>, the originals the training crops
    /// come from (null where they are the evaluation copies themselves: CIFAR at 32 px, Fashion-MNIST's 28 px brought to 32).</summary>
    private static DatasetSplits Prepare(DatasetSplits splits, int size, int? maxSide) => splits with
    {
        Train = ImageResizing.Resize(splits.Train, size),
        Test = ImageResizing.Resize(splits.Test, size),
        Unlabeled = splits.Unlabeled is null ? null : ImageResizing.Resize(splits.Unlabeled, size),
        TrainOriginals = Originals(splits.Train, size, maxSide),
        TestOriginals = Originals(splits.Test, size, maxSide),
        UnlabeledOriginals = splits.Unlabeled is null ? null : Originals(splits.Unlabeled, size, maxSide),
    };

    private static IImageDataset? Originals(IImageDataset decoded, int size, int? maxSide) =>
        maxSide is not { } side || SourceImages.AreEvaluationCopies(decoded, size, side) ? null : SourceImages.Prepare(decoded, size, side);
}
