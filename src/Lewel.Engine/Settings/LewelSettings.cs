namespace Lewel.Engine.Settings;

/// <summary>The <c>Lewel</c> section of appsettings.json, shared by the web app and the CLI.</summary>
public sealed class LewelSettings
{
    public const string SectionName = "Lewel";

    /// <summary>Where databases, runs, checkpoints, rendered maps and data-set caches live. Relative paths are
    /// resolved against the current directory.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Default device for new runs: auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    public WorkerSettings Workers { get; set; } = new();

    /// <summary>How often the job storage is polled for queued runs.</summary>
    public int QueuePollIntervalMs { get; set; } = 500;

    public string ResolvedDataDir => Path.GetFullPath(DataDir);

    /// <summary>The folders <c>folder:</c>, <c>idx:</c>, <c>cifar10:</c>, <c>cifar100:</c> and <c>stl10:</c> data sets may
    /// be read from. Unset: the data directory and the system's data-set folders (<c>/usr/share/datasets</c>,
    /// <c>/usr/share/dataset-*</c>). Set, the list replaces these defaults.</summary>
    public List<string>? DataRoots { get; set; }

    public IReadOnlyList<string> ResolvedDataRoots => DataRoots is { Count: > 0 } configured
        ? configured.Select(Path.GetFullPath).ToArray()
        : [ResolvedDataDir, .. Data.DataRoots.SystemFolders()];

    /// <summary>The roots as the engine takes them (real paths, links resolved).</summary>
    public Data.DataRoots CreateDataRoots() => new(ResolvedDataRoots);

    /// <summary>Images with more pixels are refused unread: <c>lewel maps --image</c>, the inspect page's uploads and the
    /// files of image folders (skipped and reported).</summary>
    public double MaxImageMegapixels { get; set; } = Rendering.ImageDecoder.DefaultMaxPixels / 1e6;

    public long MaxImagePixels => MaxImageMegapixels is > 0 and < 1e6 ? (long)(MaxImageMegapixels * 1e6) : Rendering.ImageDecoder.DefaultMaxPixels;

    /// <summary>How the CLI opens data sets: cached under the data directory, only under the data roots.</summary>
    public Data.DatasetOpenOptions DatasetOptions(int? imageSize = null) => new()
    {
        CacheDir = Path.Combine(ResolvedDataDir, "datasets"),
        ImageSize = imageSize,
        DataRoots = CreateDataRoots(),
        MaxImagePixels = MaxImagePixels,
    };
}

public sealed class WorkerSettings
{
    /// <summary>Runs executed at once on the CPU queue.</summary>
    public int Cpu { get; set; } = 1;

    /// <summary>Runs executed at once per GPU.</summary>
    public int Gpu { get; set; } = 1;
}
