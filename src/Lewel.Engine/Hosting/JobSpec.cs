using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lewel.Engine.Hosting;

/// <summary>What a supervised child process (<c>lewel job --spec FILE</c>) is asked to do. One of
/// <see cref="Pretrain"/>, <see cref="Evaluate"/> or <see cref="Inspect"/> is set. Paths are absolute, so the spec can
/// be rerun by hand from any folder to reproduce what the studio ran.</summary>
public sealed record JobSpec
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The run this job belongs to, for messages (0 for work that is not a run, such as an inspection).</summary>
    public long RunId { get; init; }

    /// <summary>Where generated and decoded data sets are cached between runs.</summary>
    public string? DatasetCacheDir { get; init; }

    /// <summary>The folders path-based data sets may be read from (<c>Lewel:DataRoots</c>); null reads from anywhere.</summary>
    public IReadOnlyList<string>? DataRoots { get; init; }

    /// <summary>Images with more pixels are refused unread (null: <see cref="Rendering.ImageDecoder.DefaultMaxPixels"/>).</summary>
    public long? MaxImagePixels { get; init; }

    /// <summary>How the job opens data sets: its cache, the data roots and the image size.</summary>
    public Data.DatasetOpenOptions DatasetOptions(int? imageSize = null) => new()
    {
        CacheDir = DatasetCacheDir,
        ImageSize = imageSize,
        DataRoots = DataRoots is null ? null : new Data.DataRoots(DataRoots),
        MaxImagePixels = MaxImagePixels ?? Rendering.ImageDecoder.DefaultMaxPixels,
    };

    /// <summary>The device the child computes on, overriding the run's configuration: the supervisor narrows the visible
    /// GPUs with <c>CUDA_VISIBLE_DEVICES</c>, so a run placed on <c>cuda:3</c> computes on the child's <c>cuda:0</c>.</summary>
    public string? Device { get; init; }

    public PretrainJobSpec? Pretrain { get; init; }
    public EvaluateJobSpec? Evaluate { get; init; }
    public InspectJobSpec? Inspect { get; init; }

    [JsonIgnore]
    public string Kind => Pretrain is not null ? "pretrain" : Evaluate is not null ? "evaluate" : Inspect is not null ? "inspect" : "none";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a spec; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static JobSpec FromJson(string json)
    {
        JobSpec? spec;
        try { spec = JsonSerializer.Deserialize<JobSpec>(json, Json); }
        catch (JsonException e) { throw new FormatException($"the job spec is not valid JSON: {e.Message}", e); }
        if (spec is null) throw new FormatException("the job spec is empty");
        var parts = new object?[] { spec.Pretrain, spec.Evaluate, spec.Inspect }.Count(p => p is not null);
        if (parts != 1) throw new FormatException($"a job spec names exactly one of pretrain, evaluate, inspect (this one names {parts})");
        return spec;
    }
}

/// <summary>Pretrain (or resume, when the run directory holds a checkpoint) the run configured by
/// <see cref="ConfigJson"/> into <see cref="RunDir"/>.</summary>
public sealed record PretrainJobSpec(string RunDir, string ConfigJson)
{
    /// <summary>Run the online kNN monitor at the epochs <c>monitor.knnEveryEpochs</c> asks for.</summary>
    public bool KnnMonitor { get; init; } = true;
}

/// <summary>Run one evaluation protocol on a checkpoint. <see cref="Dataset"/> null: the data set the checkpoint was
/// trained on.</summary>
public sealed record EvaluateJobSpec(string Protocol, string CheckpointPath, string CheckpointName, int CheckpointStep,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>Render the alignment maps of one image under a checkpoint into <see cref="OutputDir"/> (one PNG per head
/// and <c>inspection.json</c>).</summary>
public sealed record InspectJobSpec(string CheckpointPath, string ImagePath, string DisplayName, string OutputDir);

/// <summary>What an inspection child writes as <c>inspection.json</c> beside the head PNGs.</summary>
public sealed record InspectionSummary(string ModelDescription, string Normalization, int InputSize, int NumMaps, int NumHeads,
    int MapHeight, int MapWidth, IReadOnlyList<string> HeadPngFiles)
{
    public const string FileName = "inspection.json";
}
