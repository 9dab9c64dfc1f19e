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
}

public sealed class WorkerSettings
{
    /// <summary>Runs executed at once on the CPU queue.</summary>
    public int Cpu { get; set; } = 1;

    /// <summary>Runs executed at once per GPU.</summary>
    public int Gpu { get; set; } = 1;
}
