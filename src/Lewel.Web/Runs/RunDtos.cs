using Lewel.Data.Entities;
using Lewel.Engine.Training.Snapshots;

namespace Lewel.Web.Runs;

/// <summary>A run as lists show it.</summary>
public sealed record RunSummaryDto(long Id, string Name, RunKind Kind, string Method, string Dataset, string Backbone, long Seed,
    RunStatus Status, int Step, int TotalSteps, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string Device,
    string Queue, string? Error, IReadOnlyList<string> Tags, long? ParentRunId, string? PairingKey)
{
    public static RunSummaryDto From(Run r) => new(r.Id, r.Name, r.Kind, r.Method, r.Dataset, r.Backbone, r.Seed, r.Status, r.Step,
        r.TotalSteps, r.CreatedAt, r.StartedAt, r.FinishedAt, r.Device, r.Queue, r.Error, r.Tags, r.ParentRunId, r.PairingKey)
    {
        LaunchedBy = r.LaunchedBy,
        Priority = r.Priority,
    };

    /// <summary>The run's level in its queue (it matters while the run waits).</summary>
    public RunPriority Priority { get; init; } = RunPriority.Normal;

    /// <summary>Who launched the run; null for runs launched without sign-in.</summary>
    public string? LaunchedBy { get; init; }
}

/// <summary>A run with its configuration and history.</summary>
public sealed record RunDetailDto(RunSummaryDto Run, System.Text.Json.JsonElement Config, string? Notes, string? Host,
    string? CodeVersion, string? JobId, string RunDir, bool CancelRequested, DateTime? HeartbeatAt, IReadOnlyList<RunEventDto> History)
{
    /// <summary>What the launch warned about (only in the answer to the launch).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static RunDetailDto From(Run r) => new(RunSummaryDto.From(r),
        System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(r.ConfigJson), r.Notes, r.Host, r.CodeVersion, r.JobId, r.RunDir,
        r.CancelRequested, r.HeartbeatAt, [.. r.History.Select(RunEventDto.From)]);
}

public sealed record RunEventDto(DateTime Time, RunStatus Status, string Message, int? Step)
{
    public static RunEventDto From(RunEvent e) => new(e.Time, e.Status, e.Message, e.Step);
}

public sealed record RunListDto(int Total, int Skip, int Take, IReadOnlyList<RunSummaryDto> Items);

public sealed record MetricPointDto(string Name, int Step, int Epoch, double Value, DateTime Time);

public sealed record MetricSeriesDto(string Name, int TotalPoints, double Smoothing, IReadOnlyList<SeriesPointDto> Points);

/// <summary>A point of a series; <see cref="Value"/> is null where the stored value is not a number (NaN).</summary>
public sealed record SeriesPointDto(int Step, int Epoch, double? Value, DateTime Time);

public sealed record EvaluationDto(long Id, string Protocol, IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Values, int Step, int Epoch, string? Checkpoint, double WallSeconds, DateTime Time)
{
    /// <summary>The evaluation run (a child of the listed run) that measured this; null when the listed run did.</summary>
    public long? EvaluationRunId { get; init; }

    /// <summary>A result listed under <paramref name="listedRunId"/>, marked with its evaluation run when a child measured it.</summary>
    public static EvaluationDto ListedUnder(long listedRunId, EvaluationResult e) =>
        From(e) with { EvaluationRunId = e.RunId == listedRunId ? null : e.RunId };

    public static EvaluationDto From(EvaluationResult e) => new(e.Id, e.Protocol,
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(e.ParametersJson, RunJson.Options) ?? [],
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(e.ValuesJson, RunJson.Options) ?? [],
        e.Step, e.Epoch, e.CheckpointPath is null ? null : Path.GetFileName(e.CheckpointPath), e.WallSeconds, e.Time);
}

public sealed record CheckpointDto(string Name, int Step, long Bytes, DateTime Time, string Url)
{
    public static CheckpointDto From(CheckpointRecord c) =>
        new(c.FileName, c.Step, c.Bytes, c.Time, $"/api/runs/{c.RunId}/checkpoints/{Uri.EscapeDataString(c.FileName)}");
}

/// <summary>Alignment maps of one probe image at one step, as URLs under <c>/files/</c>.</summary>
public sealed record MapSnapshotDto(int Step, int ProbeIndex, int DatasetIndex, int NumHeads, IReadOnlyList<string> HeadPngUrls,
    string OriginalPngUrl, string View1PngUrl, string View2PngUrl, string RawMapsUrl, IReadOnlyList<float> View1Box,
    IReadOnlyList<float> View2Box, bool View1Flipped, bool View2Flipped, DateTime Time)
{
    public static MapSnapshotDto From(MapSnapshotRecord s) => new(s.Step, s.ProbeIndex, s.DatasetIndex, s.NumHeads,
        [.. s.HeadPngPaths.Select(FileUrl)], FileUrl(s.OriginalPngPath), FileUrl(s.View1PngPath), FileUrl(s.View2PngPath),
        FileUrl(s.RawMapsPath), s.View1Box, s.View2Box, s.View1Flipped, s.View2Flipped, s.Time)
    {
        ImagePngUrl = FileUrl(MapSnapshotFiles.PlainImagePath(s.RawMapsPath)),
        FullSheetUrls = [.. Enumerable.Range(0, s.NumHeads).Select(h => FileUrl(MapSnapshotFiles.FullSheetPath(s.RawMapsPath, h)))],
    };

    /// <summary>The probe image alone at its own size (the crop boxes are in its pixels), for viewers that draw the
    /// heatmaps themselves; snapshots taken before the engine wrote it have none at this URL.</summary>
    public string ImagePngUrl { get; init; } = "";

    /// <summary>Per head, the engine's sheet with every map of the head.</summary>
    public IReadOnlyList<string> FullSheetUrls { get; init; } = [];

    /// <summary>A data-directory-relative path (<c>runs/3/maps/50/x.png</c>) as its URL (<c>/files/runs/3/maps/50/x.png</c>).</summary>
    public static string FileUrl(string dataRelativePath) =>
        "/files/" + string.Join('/', dataRelativePath.Split('/').Select(Uri.EscapeDataString));
}
