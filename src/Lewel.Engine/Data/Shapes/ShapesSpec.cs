using System.Globalization;

namespace Lewel.Engine.Data.Shapes;

/// <summary>Parameters of the built-in <c>shapes</c> data set, written
/// <c>shapes:size=32,n=20000,seed=1[,test=2000][,scene=plain]</c>. <see cref="Size"/> is the image side in pixels,
/// <see cref="Count"/> the training images, <see cref="TestCount"/> the test images (default n/10, at least 100). The test
/// split is drawn from a seed derived from <see cref="Seed"/>, so no image is shared between the splits.
/// <see cref="Scene"/> is what surrounds the object (<see cref="ShapesScene"/>).</summary>
public sealed record ShapesSpec(int Size = 32, int Count = 20000, long Seed = 1, int? Test = null, ShapesScene Scene = ShapesScene.Cluttered)
{
    public const int MinSize = 16;
    public const int MaxSize = 512;
    public const int MaxCount = 2_000_000;
    /// <summary>The generated images and masks (4 bytes a pixel, both splits) are held in memory and cached on disk.</summary>
    public const long MaxGeneratedBytes = 16L << 30;

    public int TestCount => Test ?? Math.Max(100, Count / 10);

    public override string ToString() =>
        $"shapes:size={Size},n={Count},seed={Seed},test={TestCount}" + (Scene == ShapesScene.Cluttered ? "" : $",scene={SceneName(Scene)}");

    public static string SceneName(ShapesScene scene) => scene.ToString().ToLowerInvariant();

    /// <summary>Parses the part after <c>shapes:</c> (may be empty: all defaults). Throws <see cref="DatasetException"/>
    /// naming the bad part.</summary>
    public static ShapesSpec Parse(string arguments)
    {
        var spec = new ShapesSpec();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in arguments.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) continue;
            var eq = raw.IndexOf('=');
            if (eq <= 0) throw Bad(arguments, raw, "expected key=value");
            var key = raw[..eq].Trim().ToLowerInvariant();
            var value = raw[(eq + 1)..].Trim();
            if (!seen.Add(key)) throw Bad(arguments, raw, $"'{key}' is given twice");
            spec = key switch
            {
                "size" => spec with { Size = ParseInt(arguments, raw, value, MinSize, MaxSize, "the image side in pixels") },
                "n" => spec with { Count = ParseInt(arguments, raw, value, 1, MaxCount, "the number of training images") },
                "test" => spec with { Test = ParseInt(arguments, raw, value, 1, MaxCount, "the number of test images") },
                "seed" => spec with
                {
                    Seed = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                        ? seed : throw Bad(arguments, raw, "seed must be an integer"),
                },
                "scene" => spec with { Scene = ParseScene(arguments, raw, value) },
                _ => throw Bad(arguments, raw, $"unknown key '{key}' (expected size, n, seed, test or scene)"),
            };
        }
        var bytes = ((long)spec.Count + spec.TestCount) * spec.Size * spec.Size * 4;
        if (bytes > MaxGeneratedBytes)
            throw new DatasetException($"Data-set spec 'shapes:{arguments}': {spec.Count} + {spec.TestCount} images of {spec.Size}×{spec.Size} px " +
                                       $"are {bytes / (double)(1L << 30):0.#} GiB with their masks, above the limit of {MaxGeneratedBytes >> 30} GiB; " +
                                       "lower n or size (a run resizes to its imageSize anyway)");
        return spec;
    }

    private static ShapesScene ParseScene(string arguments, string part, string value)
    {
        foreach (var scene in Enum.GetValues<ShapesScene>())
            if (SceneName(scene) == value.ToLowerInvariant()) return scene;
        throw Bad(arguments, part, $"scene must be {string.Join(" or ", Enum.GetValues<ShapesScene>().Select(SceneName))}");
    }

    private static int ParseInt(string arguments, string part, string value, int min, int max, string meaning)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) || result < min || result > max)
            throw Bad(arguments, part, $"{part[..part.IndexOf('=')]} is {meaning} and must be an integer from {min} to {max}");
        return result;
    }

    private static DatasetException Bad(string arguments, string part, string problem) =>
        new($"Data-set spec 'shapes:{arguments}': '{part}' is not valid: {problem}.");
}
