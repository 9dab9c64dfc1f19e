using System.Text.Json;
using Lewel.Data.Entities;
using Lewel.Engine.Studies;
using Lewel.Web.Runs;

namespace Lewel.Web.Studies;

/// <summary>A study as lists show it.</summary>
public sealed record StudySummaryDto(long Id, string Name, string Baseline, string Lewel, string Dataset, string Budget, IReadOnlyList<long> Seeds,
    DateTime CreatedAt, string? LaunchedBy, IReadOnlyList<long> RunIds)
{
    public static StudySummaryDto From(Study s) => new(s.Id, s.Name, s.Baseline, s.Lewel, s.Dataset, s.Budget, s.Seeds, s.CreatedAt, s.LaunchedBy,
        [.. s.Runs.OrderBy(r => r.Seed).ThenBy(r => r.Method == s.Baseline ? 0 : 1).Select(r => r.RunId)]);
}

/// <summary>A study with its shared configuration, each run's status and evaluations, and the result table.</summary>
public sealed record StudyDetailDto(StudySummaryDto Study, JsonElement Config, IReadOnlyDictionary<string, Dictionary<string, string>> Evaluations,
    IReadOnlyList<StudyRunDto> Runs, IReadOnlyList<StudyRowDto> Table)
{
    public static StudyDetailDto From(StudyView view) => new(StudySummaryDto.From(view.Study),
        JsonSerializer.Deserialize<JsonElement>(view.Study.ConfigJson), StudyService.EvaluationsOf(view.Study),
        [.. view.Members.Select(StudyRunDto.From)], [.. view.Table.Rows.Select(r => StudyRowDto.From(r, view.Table))]);
}

/// <summary>One run of a study: its arm and seed, its state (null when the run was deleted) and its evaluation runs.</summary>
public sealed record StudyRunDto(long RunId, string Method, long Seed, RunStatus? Status, int Step, int TotalSteps,
    IReadOnlyList<StudyEvaluationDto> Evaluations)
{
    public static StudyRunDto From(StudyMemberView m) => new(m.Link.RunId, m.Link.Method, m.Link.Seed, m.Run?.Status, m.Run?.Step ?? 0,
        m.Run?.TotalSteps ?? 0, [.. m.Evaluations.Select(e => new StudyEvaluationDto(e.Run.Id, e.Protocol, e.Run.Status))]);
}

public sealed record StudyEvaluationDto(long RunId, string Protocol, RunStatus Status);

/// <summary>A summary over seeds: mean, sample std, and the 95 % interval (null, with <see cref="Note"/>, for one seed).</summary>
public sealed record SummaryDto(int N, double Mean, double? Std, double? HalfWidth, double? Low, double? High, double Confidence, string? Note)
{
    public static SummaryDto From(SampleSummary s) => new(s.Count, s.Mean, s.StandardDeviation, s.HalfWidth, s.Low, s.High, s.Confidence, s.NoIntervalReason);
}

public sealed record StudyArmDto(string Arm, SummaryDto Summary, IReadOnlyDictionary<string, double> BySeed);

public sealed record StudyDifferenceDto(string Of, SummaryDto? Summary, IReadOnlyList<SeedDifference> PerSeed, IReadOnlyList<long> UnpairedSeeds);

/// <summary>One metric: each arm's summary and values by seed, and the paired difference LEWEL − baseline.</summary>
public sealed record StudyRowDto(string Metric, IReadOnlyList<StudyArmDto> Arms, StudyDifferenceDto? Difference)
{
    public static StudyRowDto From(StudyMetricRow row, StudyTable table) => new(row.Metric,
        [.. row.Arms.Select(a => new StudyArmDto(a.Arm, SummaryDto.From(a.Summary),
            a.BySeed.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value)))],
        row.Difference is not { } d ? null
            : new StudyDifferenceDto($"{table.LewelArm} - {table.BaselineArm}", d.Difference is null ? null : SummaryDto.From(d.Difference), d.Seeds, d.UnpairedSeeds));
}
