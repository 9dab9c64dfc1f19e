using Lewel.Engine.Rendering;

namespace Lewel.Engine.Data.Readers;

/// <summary>An image folder with one sub-folder per class (JPEG, PNG or WebP files; other files are ignored). When the
/// folder has <c>train/</c> and <c>test/</c> (or <c>val/</c>) sub-folders, each holding class folders, those are the
/// splits; otherwise every 10th image of each class (in file-name order) is held out as the test split. Images are
/// kept as originals of their own sizes, scaled down whole when their longer side exceeds <c>maxSide</c>
/// (<see cref="SourceImages.Plan"/>); the catalog derives the run-size evaluation copies. A file that is not an image, cannot be decoded or has more pixels than
/// allowed (<see cref="ImageDecoder"/>) is skipped and listed in <see cref="DatasetSplits.SkippedFiles"/> as
/// "path relative to the folder (reason)".</summary>
public static class ImageFolderReader
{
    public const int DefaultSize = 32;
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp"];

    public static DatasetSplits Open(string directory, int? imageSize, long maxPixels = ImageDecoder.DefaultMaxPixels, int? maxSide = null)
    {
        var root = BinaryFiles.RequireDirectory("folder", directory);
        var size = imageSize ?? DefaultSize;
        var side = maxSide ?? SourceImages.DefaultMaxSide(size);
        var testDir = new[] { "test", "val" }.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);
        List<(string Path, int Label)> trainFiles, testFiles;
        string[] classes;
        if (Directory.Exists(Path.Combine(root, "train")) && testDir is not null)
        {
            classes = ClassFolders(Path.Combine(root, "train"));
            trainFiles = Files(Path.Combine(root, "train"), classes);
            var unknown = ClassFolders(testDir).Except(classes, StringComparer.Ordinal).ToArray();
            if (unknown.Length > 0)
                throw new DatasetException($"folder: '{testDir}' has class folders that '{Path.Combine(root, "train")}' lacks: {string.Join(", ", unknown)}");
            testFiles = Files(testDir, classes);
        }
        else
        {
            classes = ClassFolders(root);
            var all = Files(root, classes);
            trainFiles = [];
            testFiles = [];
            foreach (var group in all.GroupBy(f => f.Label))
            {
                var k = 0;
                foreach (var file in group) (++k % 10 == 0 ? testFiles : trainFiles).Add(file);
            }
        }
        var skipped = new List<string>();
        var train = Decode(root, trainFiles, size, side, maxPixels, classes, $"folder:{directory} [train]", skipped);
        var test = Decode(root, testFiles, size, side, maxPixels, classes, $"folder:{directory} [test]", skipped);
        if (train.Count == 0) throw new DatasetException($"folder: '{root}' has no decodable training images ({skipped.Count} skipped)");
        var (mean, std) = DatasetStatistics.MeanStd(train);
        return new DatasetSplits(train, test, mean, std, skipped);
    }

    private static string[] ClassFolders(string dir)
    {
        var classes = Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new DatasetException($"folder: '{dir}' has no class sub-folders (expected {dir}/<class>/<image>.png)");
        return classes;
    }

    private static List<(string Path, int Label)> Files(string dir, string[] classes)
    {
        var files = new List<(string, int)>();
        for (var label = 0; label < classes.Length; label++)
        {
            var classDir = Path.Combine(dir, classes[label]);
            if (!Directory.Exists(classDir)) continue;
            files.AddRange(Directory.EnumerateFiles(classDir)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (f, label)));
        }
        return files;
    }

    private static InMemoryImageDataset Decode(string root, List<(string Path, int Label)> files, int size, int maxSide, long maxPixels,
        string[] classes, string description, List<string> skipped)
    {
        var images = new byte[files.Count][];
        var sizes = new (int Width, int Height)[files.Count];
        var problems = new string?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            var relative = Path.GetRelativePath(root, files[i].Path);
            try
            {
                using var bitmap = ImageDecoder.DecodeFile(files[i].Path, relative, maxPixels, minSide: size);
                var (rgb, width, height) = SourceImages.FromBitmap(bitmap, size, maxSide);
                (images[i], sizes[i]) = (rgb, (width, height));
            }
            catch (ImageDecodingException e)
            {
                problems[i] = $"{relative} ({e.Reason})";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                problems[i] = $"{relative} ({e.Message})";
            }
        });
        var keptImages = new List<byte[]>();
        var keptSizes = new List<(int Width, int Height)>();
        var labels = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (problems[i] is { } problem) { skipped.Add(problem); continue; }
            keptImages.Add(images[i]);
            keptSizes.Add(sizes[i]);
            labels.Add(files[i].Label);
        }
        return new InMemoryImageDataset(description, keptSizes.ToArray(), keptImages.ToArray(), labels.ToArray(), classes);
    }
}
