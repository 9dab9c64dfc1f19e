using System.CommandLine;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Rendering;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel data info|preview|augment-preview</c>: open a data set spec, print what it holds, and draw its
/// images (with object masks for <c>shapes</c>) or the two augmented views a method trains on.</summary>
public static class DataCommand
{
    public static Command Create(LewelSettings settings)
    {
        var command = new Command("data", "Inspect data sets: counts and classes, image grids, and the augmented views a method sees");
        command.Subcommands.Add(Info(settings));
        command.Subcommands.Add(Preview(settings));
        command.Subcommands.Add(AugmentPreview(settings));
        return command;
    }

    private static Argument<string> SpecArgument() => new("spec")
    {
        Description = "Data-set spec, e.g. shapes:size=32,n=20000,seed=1 | cifar10:/dir | cifar100:/dir | stl10:/dir | idx:/dir | folder:/dir",
    };

    private static Option<int?> SizeOption() => new("--size") { Description = "Resize images to this side in pixels (image folders default to 32)" };

    private static Option<string> SplitOption() => new("--split") { Description = "train or test", DefaultValueFactory = _ => "train" };

    private static Command Info(LewelSettings settings)
    {
        var spec = SpecArgument();
        var size = SizeOption();
        var command = new Command("info", "Print the splits, image size, classes and normalisation statistics of a data set") { spec, size };
        command.SetAction(result => Guarded(() =>
        {
            var splits = Open(settings, result.GetValue(spec)!, result.GetValue(size), reportSkipped: false);
            foreach (var (name, set) in new[] { ("train", splits.Train), ("test", splits.Test), ("unlabeled", splits.Unlabeled) })
                if (set is not null) Console.WriteLine($"{name,-10} {set.Count,8} images  {set.Width}×{set.Height}{(set.HasMasks ? "  with object masks" : "")}");
            if (splits.TrainOriginals is { } originals)
                Console.WriteLine($"originals  {originals.Count,8} images  {(originals.UniformSize ? "" : "up to ")}{originals.Width}×{originals.Height} (the training crops' sources)");
            Console.WriteLine($"classes    {splits.Train.NumClasses}: {string.Join(", ", splits.Train.ClassNames)}");
            Console.WriteLine($"mean       [{string.Join(", ", splits.Mean)}]");
            Console.WriteLine($"std        [{string.Join(", ", splits.Std)}]");
            if (splits.SkippedFiles.Count > 0)
            {
                Console.WriteLine($"skipped    {splits.SkippedFiles.Count} undecodable files:");
                foreach (var file in splits.SkippedFiles) Console.WriteLine($"  {file}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Preview(LewelSettings settings)
    {
        var spec = SpecArgument();
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        var count = new Option<int>("--count") { Description = "Number of images", DefaultValueFactory = _ => 32 };
        var split = SplitOption();
        var size = SizeOption();
        var command = new Command("preview", "Write a PNG grid of images with their class names (and object masks for shapes)") { spec, output, count, split, size };
        command.SetAction(result => Guarded(() =>
        {
            var splits = Open(settings, result.GetValue(spec)!, result.GetValue(size));
            var dataset = PickSplit(splits, result.GetValue(split)!);
            var indices = FirstIndices(dataset, result.GetValue(count));
            Write(result.GetValue(output)!, DatasetPreview.RenderPng(dataset, indices));
            return 0;
        }));
        return command;
    }

    private static Command AugmentPreview(LewelSettings settings)
    {
        var spec = SpecArgument();
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        var method = new Option<string>("--method") { Description = $"Whose augmentation: {string.Join(", ", MethodIds.All)}", DefaultValueFactory = _ => MethodIds.LewelB };
        var preset = new Option<string>("--preset") { Description = $"Recipe of the method: {string.Join(", ", Presets.Names)}", DefaultValueFactory = _ => Presets.Small };
        var count = new Option<int>("--count") { Description = "Number of images", DefaultValueFactory = _ => 8 };
        var seed = new Option<long>("--seed") { Description = "Seed of the random views", DefaultValueFactory = _ => 0 };
        var split = SplitOption();
        var size = SizeOption();
        var command = new Command("augment-preview", "Write a PNG of originals with both views' crop boxes and the two augmented views")
            { spec, output, method, preset, count, seed, split, size };
        command.SetAction(result => Guarded(() =>
        {
            var config = Presets.For(result.GetValue(method)!, result.GetValue(preset)!);
            var splits = Open(settings, result.GetValue(spec)!, result.GetValue(size));
            var dataset = PickSplit(splits, result.GetValue(split)!);
            var originals = PickSplit(splits, result.GetValue(split)!, originals: true);
            var indices = FirstIndices(dataset, result.GetValue(count));
            var aug = config.Augmentation;
            Write(result.GetValue(output)!, AugmentationPreview.RenderPng(originals, indices, aug, aug.Mean ?? splits.Mean, aug.Std ?? splits.Std,
                result.GetValue(seed), viewSize: ReferenceEquals(originals, dataset) ? null : dataset.Width));
            return 0;
        }));
        return command;
    }

    /// <summary>Opens the spec as every verb does; all but <c>info</c> (which lists them all) say which files were skipped.</summary>
    private static DatasetSplits Open(LewelSettings settings, string spec, int? size, bool reportSkipped = true)
    {
        var splits = DatasetCatalog.Open(spec, settings.DatasetOptions(size) with { KeepOriginals = true });
        if (reportSkipped && SkippedFiles.Summary(splits.SkippedFiles) is { } skipped) Console.WriteLine(skipped);
        return splits;
    }

    /// <summary>A split as evaluation sees it, or (<paramref name="originals"/>) the originals its training crops come from.</summary>
    private static IImageDataset PickSplit(DatasetSplits splits, string split, bool originals = false) => split.ToLowerInvariant() switch
    {
        "train" => originals ? splits.TrainSources : splits.Train,
        "test" => originals ? splits.TestSources : splits.Test,
        "unlabeled" => (originals ? splits.UnlabeledSources : splits.Unlabeled) ?? throw new DatasetException("this data set has no unlabeled split"),
        _ => throw new DatasetException($"--split '{split}' is not train, test or unlabeled"),
    };

    private static int[] FirstIndices(IImageDataset dataset, int count)
    {
        if (count < 1) throw new DatasetException($"--count {count} must be at least 1");
        return Enumerable.Range(0, Math.Min(count, dataset.Count)).ToArray();
    }

    private static void Write(string path, byte[] png)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, png);
        Console.WriteLine($"wrote {full}");
    }

    /// <summary>Runs the action; bad specs, data and settings become one line on stderr and exit code 1.</summary>
    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is DatasetException or ConfigException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
